// Which resource limit a traced run ran into, and the value that lets it
// through (pure). Memory: the limit that binds, from the failed call (see
// memory.ts), raised by what the call asked for. CPU: from the measured CPU
// time (cpuLimitAdvice). The rest (files, file size, processes): doubled.
import { cpuLimitAdvice } from "../report/advice.js";
import { formatRlimitValue, type RlimitName, type RlimitPlan } from "../rlimits.js";
import { type MemoryReplay, replayMemory } from "./memory.js";
import type { ParsedTrace } from "./parse.js";

export interface LimitHit {
  readonly name: RlimitName;
  /** The value to propose (bytes, seconds or a count); undefined: unlimited. */
  readonly value?: bigint;
  readonly why: string;
}

const MiB = 1n << 20n;
export const size = (n: bigint) =>
  formatRlimitValue({ kind: "set", value: n < MiB ? n : ((n + MiB - 1n) / MiB) * MiB });
export const roundUpMiB = (n: bigint) => ((n + MiB - 1n) / MiB) * MiB;

/** The limit's value when it is a number (not inherited, not unlimited). */
export function setValue(plan: RlimitPlan, name: RlimitName): bigint | undefined {
  const v = plan[name]?.value;
  return v?.kind === "set" && v.value !== 0xffff_ffff_ffff_ffffn ? v.value : undefined;
}

/**
 * The memory limits the run's failed allocations ran into. A limit --learn
 * had raised already and the run still ran into (it allocates step by step)
 * is doubled, so that learning takes a few runs, not one per step.
 */
export function memoryHits(failed: MemoryReplay["failed"], plan: RlimitPlan): LimitHit[] {
  const best = new Map<RlimitName, { bytes: bigint; why: string; value: bigint }>();
  for (const a of failed) {
    const data = setValue(plan, "data");
    const as = setValue(plan, "as");
    const cands: { name: RlimitName; limit: bigint; use: bigint }[] = [];
    if (a.data && data !== undefined) cands.push({ name: "data", limit: data, use: a.dataInUse });
    if (as !== undefined) cands.push({ name: "as", limit: as, use: a.asInUse });
    // No limit of ours counts it: the machine itself was out of memory.
    if (cands.length === 0) continue;
    let binding = cands.filter((c) => c.use + a.bytes > c.limit);
    // The estimate misses the kernel's own mappings: take the limit with the least room left.
    if (binding.length === 0) binding = [cands.reduce((x, y) => (y.limit - y.use < x.limit - x.use ? y : x))];
    for (const c of binding) {
      const prev = best.get(c.name);
      if (prev && prev.bytes >= a.bytes) continue;
      const short = c.use + a.bytes - c.limit;
      const other = cands.find((o) => o.name !== c.name && !binding.includes(o));
      const again = plan[c.name].source.endsWith("(--learn)");
      const plus = roundUpMiB(c.limit + a.bytes);
      const value = again && plus < 2n * c.limit ? 2n * c.limit : plus;
      const why =
        `${a.call.syscall} of ${size(a.bytes)} failed with ENOMEM: RLIMIT_${c.name.toUpperCase()} binds ` +
        `(${c.name}=${size(c.limit)}, about ${size(c.use)} in use${short > 0n ? `, ${size(short)} short` : ""}` +
        `${other ? `; ${other.name}=${size(other.limit)} had room` : ""})` +
        `; ${c.name}=${size(value)} is ${value === plus ? "the limit plus the request" : "twice the limit (raised once already)"}`;
      best.set(c.name, { bytes: a.bytes, why, value });
    }
  }
  return [...best.entries()].map(([name, b]) => ({ name, value: b.value, why: b.why }));
}

/**
 * Limits the run ran into. `cpuSeconds`: the run's measured CPU time (it
 * tells a SIGKILL of the CPU limit from another).
 */
export function limitsHit(
  part: ParsedTrace & { pid?: number },
  plan: RlimitPlan,
  cpuSeconds?: number,
): { hits: LimitHit[]; peak: { data: bigint; as: bigint } } {
  const memory = replayMemory(part.calls);
  const hit = new Map<RlimitName, LimitHit>();
  const doubled = (name: RlimitName, why: string) => {
    const v = setValue(plan, name);
    hit.set(name, { name, ...(v !== undefined ? { value: v * 2n || 1n } : {}), why });
  };
  for (const s of part.signals) if (s.signal === "SIGXFSZ") doubled("fsize", "SIGXFSZ: the file size limit");
  for (const c of part.calls) {
    if (c.errno === "EMFILE") doubled("nofile", `${c.syscall}: EMFILE (too many open files)`);
    if (c.errno === "EFBIG") doubled("fsize", `${c.syscall}: EFBIG (file too large)`);
    if (c.errno === "EAGAIN" && /^(clone|clone3|fork|vfork)$/.test(c.syscall))
      doubled("nproc", `${c.syscall}: EAGAIN (process limit)`);
  }
  for (const m of memoryHits(memory.failed, plan)) hit.set(m.name, m);
  const xcpu = part.signals.some((s) => s.signal === "SIGXCPU") || part.ends.some((e) => e.signal === "SIGXCPU");
  const main = part.ends.find((e) => e.pid === part.pid) ?? part.ends[part.ends.length - 1];
  const cpu = cpuLimitAdvice(xcpu ? "SIGXCPU" : main?.signal, setValue(plan, "cpu"), cpuSeconds);
  if (cpu) hit.set("cpu", { name: "cpu", value: BigInt(cpu.seconds), why: cpu.text });
  return {
    hits: [...hit.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    peak: { data: memory.peakData, as: memory.peakAs },
  };
}

const COUNTS = new Set<RlimitName>(["cpu", "nofile", "nproc", "sigpending", "locks"]);

/** `-r NAME=VALUE`; seconds and counts as plain numbers, bytes with a suffix. */
export const limitFlag = (h: LimitHit) =>
  `-r ${h.name}=${
    h.value === undefined
      ? "unlimited"
      : COUNTS.has(h.name)
        ? String(h.value)
        : formatRlimitValue({ kind: "set", value: h.value })
  }`;
