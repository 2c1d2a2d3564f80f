// --learn's reasoning (pure): from the traced runs of the script (with
// --on-violation errno, so a refused call fails instead of ending the run) and
// of an empty script (what the interpreter itself tries and does without),
// the narrowest flags that grant what the script was refused.
import { isAbsolute, resolve } from "node:path";
import { adviceFor, cpuLimitAdvice, type HostGrants } from "../report/advice.js";
import type { RlimitName, RlimitPlan } from "../rlimits.js";
import { beneath, type PathNeed, proposeGrants } from "./grants.js";
import { type LimitHit, limitFlag, limitsHit, roundUpMiB, setValue, size } from "./limits.js";
import { firstPath, interpreterPart, type ParsedTrace, splitArgs, type TraceCall } from "./parse.js";
import { callArgs } from "./summary.js";

export type { Need, PathNeed } from "./grants.js";

const PARENT_WRITE = new Set([
  "mkdir",
  "mkdirat",
  "rmdir",
  "unlink",
  "unlinkat",
  "rename",
  "renameat",
  "renameat2",
  "link",
  "linkat",
  "symlink",
  "symlinkat",
  "mknod",
  "mknodat",
  "creat",
]);

/** Path calls Landlock decides; an EACCES from any other (stat, access, readlink) is the file's permissions. */
const LANDLOCK_CALLS = new Set([...PARENT_WRITE, "open", "openat", "openat2", "execve", "execveat", "truncate"]);

/** Whether a path is a directory: observe.ts asks the file system, tests give a table. */
export type KindOf = (path: string) => "dir" | "file" | undefined;

/** What a refused (EACCES) path call needed; undefined for calls Landlock does not decide. */
export function pathNeed(c: TraceCall, cwd: string, kindOf?: KindOf): PathNeed | undefined {
  if (c.errno !== "EACCES" || !LANDLOCK_CALLS.has(c.syscall)) return undefined;
  const target = refusedPath(c, cwd);
  if (target === undefined) return undefined;
  const path = target;
  const parts = splitArgs(c.args);
  if (c.syscall === "execve" || c.syscall === "execveat") return { path, need: "exec", via: c.syscall };
  // Creating or deleting needs the directory the entry is in.
  if (PARENT_WRITE.has(c.syscall)) return { path: parentOf(path), need: "write", via: c.syscall, kind: "dir" };
  if (c.syscall.startsWith("open")) {
    const flags = parts[c.syscall === "open" ? 1 : 2] ?? "";
    if (/O_CREAT/.test(flags)) return { path: parentOf(path), need: "write", via: `${c.syscall} O_CREAT`, kind: "dir" };
    if (/O_WRONLY|O_RDWR|O_TRUNC/.test(flags)) return { path, need: "write", via: `${c.syscall} for writing` };
    const dir = /O_DIRECTORY/.test(flags) || kindOf?.(path) === "dir";
    return dir
      ? { path, need: "read", via: `${c.syscall} (directory)`, kind: "dir" }
      : { path, need: "read", via: `${c.syscall} for reading`, kind: "file" };
  }
  return { path, need: "write", via: c.syscall };
}

const parentOf = (p: string) => resolve(p, "..");

/** The absolute path a path call named, when the trace tells. */
function refusedPath(c: TraceCall, cwd: string): string | undefined {
  const p = firstPath(c.args);
  if (p === undefined || p === "") return undefined;
  // A path relative to a directory descriptor other than the cwd is not resolvable from the trace.
  if (!isAbsolute(p) && /at2?$/.test(c.syscall) && splitArgs(c.args)[0] !== "AT_FDCWD") return undefined;
  return resolve(cwd, p);
}

export interface LearnContext {
  readonly host: HostGrants;
  readonly interpreter: string;
  readonly scriptDir: string;
  readonly tmpDir: string;
  readonly cwd: string;
  /** The limits this run had (the host's defaults with the command line's and --learn's -r). */
  readonly rlimits: RlimitPlan;
  readonly kindOf?: KindOf;
  /** The run's measured CPU time, seconds. */
  readonly cpuSeconds?: number;
}

/** What one run of the script showed. */
export interface RunFindings {
  /** Refused paths the run needed. */
  readonly needs: readonly PathNeed[];
  /** Refused, and the script went on without them: not needs. */
  readonly probes: readonly PathNeed[];
  /** Refused by the file's permissions, not by the sandbox (the run's last refusal before it failed). */
  readonly permissions: readonly string[];
  /** Calls the filter refused (EPERM) that the empty script did not make. */
  readonly calls: readonly TraceCall[];
  readonly limits: readonly LimitHit[];
  readonly rlimits: RlimitPlan;
  readonly cpuSeconds?: number;
  /** The most memory one process had (memory.ts's estimate). */
  readonly memoryPeak?: { readonly data: bigint; readonly as: bigint };
  /** The untraced run that measured CPU time (measureFindings). */
  readonly measure?: boolean;
}

export interface Learned {
  /** Flags to copy, sorted and deduplicated. */
  readonly flags: readonly string[];
  /** One line per flag: which refused call it answers. */
  readonly reasons: readonly string[];
  /** What no flag can grant (syscalls without a flag, programs outside the grants). */
  readonly notGrantable: readonly string[];
  /** Directories worth granting whole instead of the files in them. */
  readonly hints: readonly string[];
  /** Refused in the last run, and the script did without (not proposed). */
  readonly ignored: readonly string[];
}

/** Calls the filter refused (EPERM in errno mode) that no rule of the policy answers on purpose. */
function refusedCalls(part: ParsedTrace): TraceCall[] {
  return part.calls.filter((c) => c.errno === "EPERM");
}

/**
 * One run's findings. `baselineScriptDir`: where the empty script was; what
 * the interpreter tried there (e.g. listing its script's directory) it also
 * tries in the real one.
 */
export function findings(
  run: ParsedTrace,
  baseline: ParsedTrace | undefined,
  ctx: LearnContext,
  baselineScriptDir?: string,
): RunFindings {
  const moved = (p: string) =>
    baselineScriptDir !== undefined && beneath(p, baselineScriptDir)
      ? ctx.scriptDir + p.slice(baselineScriptDir.length)
      : p;
  const basePart = baseline ? interpreterPart(baseline, ctx.interpreter) : undefined;
  const base = new Set<string>();
  for (const c of basePart?.calls ?? []) {
    const n = pathNeed(c, ctx.cwd, ctx.kindOf);
    if (n) base.add(`${n.need} ${moved(n.path)}`);
    const p = c.errno === "EACCES" ? refusedPath(c, ctx.cwd) : undefined;
    if (p !== undefined) base.add(`${c.syscall} ${moved(p)}`);
  }
  const baseCalls = new Set(basePart ? refusedCalls(basePart).map((c) => c.syscall) : []);
  const part = interpreterPart(run, ctx.interpreter);
  const limits = limitsHit(part, ctx.rlimits, ctx.cpuSeconds);
  const main = part.ends.find((e) => e.pid === part.pid);
  const failed = main === undefined || main.signal !== undefined || main.exit !== 0;
  // Each refused path the empty script was not refused, in order.
  const refused: { c: TraceCall; n?: PathNeed; path: string }[] = [];
  for (const c of part.calls) {
    const path = c.errno === "EACCES" ? refusedPath(c, ctx.cwd) : undefined;
    if (path === undefined || base.has(`${c.syscall} ${path}`)) continue;
    const n = pathNeed(c, ctx.cwd, ctx.kindOf);
    if (n && base.has(`${n.need} ${n.path}`)) continue;
    refused.push({ c, path, ...(n ? { n } : {}) });
  }
  // A failed run may have died of its last refused path; it went on after every earlier one.
  const last = failed ? refused[refused.length - 1]?.c : undefined;
  const needs: PathNeed[] = [];
  const probes: PathNeed[] = [];
  const permissions: string[] = [];
  const execs = new Set<string>();
  let dirTaken = false;
  for (const { c, n, path } of refused) {
    if (n === undefined) {
      if (c === last)
        permissions.push(
          `${c.syscall} ${path}: refused by the file's permissions (EACCES), not by ${ctx.host.name}; no flag changes that`,
        );
      continue;
    }
    if (n.need === "exec") execs.add(n.path);
    if (n.kind !== "dir") {
      needs.push(n);
      continue;
    }
    // A directory it was refused and went on from (a probe, like Node opening
    // `/`, or tempfile trying /var/tmp after /tmp) is not a need. It needs the
    // one it died of, and the temp dir (tried first, the one -t grants); once
    // one directory is granted, the run's later ones may be fallbacks it would
    // not try: the next run tells.
    const died = c === last;
    const tmp = n.need === "write" && n.path === ctx.tmpDir;
    if (!dirTaken && (died || tmp)) {
      dirTaken = true;
      needs.push(n);
    } else probes.push(n);
  }
  return {
    // A shell reads a program it could not run to say why (its #! line): that read is the exec's.
    needs: needs.filter((n) => n.need === "exec" || !execs.has(n.path)),
    probes,
    permissions,
    calls: refusedCalls(part).filter((c) => !baseCalls.has(c.syscall)),
    limits: limits.hits,
    memoryPeak: limits.peak,
    rlimits: ctx.rlimits,
    ...(ctx.cpuSeconds !== undefined ? { cpuSeconds: ctx.cpuSeconds } : {}),
  };
}

const canExec = (h: HostGrants) => h.execPromises !== undefined || h.exec === "landlock";

/**
 * A run without strace, with the CPU limit raised, after a traced run the CPU
 * limit stopped: strace slows a script down (the kernel bills part of the
 * tracing to it), so only an untraced run measures its CPU time.
 */
export function measureFindings(
  signal: string | undefined,
  cpuSeconds: number | undefined,
  rlimits: RlimitPlan,
): RunFindings {
  const cpu = cpuLimitAdvice(signal, setValue(rlimits, "cpu"), cpuSeconds);
  return {
    needs: [],
    probes: [],
    permissions: [],
    calls: [],
    limits: cpu ? [{ name: "cpu", value: BigInt(cpu.seconds), why: cpu.text }] : [],
    rlimits,
    ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
    measure: true,
  };
}

/** Limits across runs, in order: a later run's finding replaces an earlier one's; CPU is the measuring run's. */
function limitProposals(runs: readonly RunFindings[], planned: RlimitPlan): Map<RlimitName, LimitHit> {
  const out = new Map<RlimitName, LimitHit>();
  for (const r of runs)
    for (const h of r.limits) if (!(h.name === "cpu" && runs.some((m) => m.measure))) out.set(h.name, h);
  // A memory limit raised until a run got through: 1.25 times that run's peak, within what it had.
  const last = [...runs].reverse().find((r) => !r.measure);
  for (const name of ["data", "as"] as const) {
    const hit = runs.find((r) => r.limits.some((h) => h.name === name))?.limits.find((h) => h.name === name);
    const had = last ? setValue(last.rlimits, name) : undefined;
    const before = setValue(planned, name);
    if (!hit || !last?.memoryPeak || last.limits.some((h) => h.name === name) || had === undefined) continue;
    if (before === undefined) continue;
    const peak = last.memoryPeak[name];
    const floor = before + (1n << 20n);
    const tight = roundUpMiB((peak * 5n) / 4n);
    const value = tight > had ? had : tight < floor ? floor : tight;
    const first = hit.why.replace(
      /; \w+=\S+ is (the limit plus the request|twice the limit \(raised once already\))$/,
      "",
    );
    out.set(name, {
      name,
      value,
      why: `${first}; with ${name}=${size(had)} it ran through, at about ${size(peak)} at most, and ${size(value)} is ${value === tight ? "1.25 times that" : value === had ? "what it had" : "just above the default"}`,
    });
  }
  const m = runs.find((r) => r.measure);
  const first = setValue(planned, "cpu");
  const hit = m?.limits.find((h) => h.name === "cpu");
  if (hit) out.set("cpu", hit);
  else if (m?.cpuSeconds !== undefined && first !== undefined) {
    const seconds = Math.max(Number(first) + 1, Math.ceil(1.5 * m.cpuSeconds));
    out.set("cpu", {
      name: "cpu",
      value: BigInt(seconds),
      why: `the CPU time limit (cpu=${first}) stopped it; run again with it raised (and without strace), it used ${m.cpuSeconds.toFixed(1)} s, and ${seconds} is 1.5 times that`,
    });
  }
  return out;
}

/** The flags that answer every run's findings. `ctx.rlimits`: the limits before --learn raised any. */
export function propose(runs: readonly RunFindings[], ctx: LearnContext): Learned {
  const flags = new Map<string, string>();
  const notGrantable = new Set<string>();
  const needs = runs.flatMap((r) => r.needs);
  const needed = new Set(needs.map((n) => `${n.need} ${n.path}`));
  for (const n of needs) {
    if (n.need !== "exec") continue;
    if (beneath(n.path, ctx.scriptDir) && canExec(ctx.host)) flags.set("-x", `run ${n.path} (${n.via})`);
    else if (canExec(ctx.host))
      notGrantable.add(
        `run ${n.path}: needs a program outside the grants (${ctx.host.name} cannot run other programs yet)`,
      );
    else notGrantable.add(`run ${n.path}: no flag of ${ctx.host.name} runs another program`);
  }
  const grants = proposeGrants(needs, ctx);
  for (const [f, why] of grants.flags) flags.set(f, why);
  for (const n of grants.notGranted) notGrantable.add(n);
  for (const r of runs) for (const p of r.permissions) notGrantable.add(p);
  const seen = new Set<string>();
  for (const c of runs.flatMap((r) => r.calls)) {
    if (seen.has(c.syscall)) continue;
    seen.add(c.syscall);
    const a = adviceFor(c.syscall, ctx.host, callArgs(c));
    if (a.flag) flags.set(a.flag, `${c.syscall}: ${a.text}`);
    else notGrantable.add(`${c.syscall}: ${a.text}`);
  }
  for (const h of limitProposals(runs, ctx.rlimits).values()) flags.set(limitFlag(h), h.why);
  const ignored = new Set<string>();
  // The last run's probes: with every proposed flag, still refused and done without.
  for (const p of runs[runs.length - 1]?.probes ?? [])
    if (!needed.has(`${p.need} ${p.path}`)) ignored.add(`${p.need} ${p.path} (${p.via})`);
  const sorted = [...flags.keys()].sort();
  return {
    flags: sorted,
    reasons: sorted.map((f) => `${f}   # ${flags.get(f)}`),
    notGrantable: [...notGrantable].sort(),
    hints: grants.hints,
    ignored: [...ignored].sort(),
  };
}

/** One run alone: its findings, proposed. */
export function learn(
  run: ParsedTrace,
  baseline: ParsedTrace | undefined,
  ctx: LearnContext,
  baselineScriptDir?: string,
): Learned {
  return propose([findings(run, baseline, ctx, baselineScriptDir)], ctx);
}

/** Flags that change what the next run may do (grants and limits), split into argv words. */
export function runFlags(l: Learned): string[] {
  return l.flags.filter((f) => /^(-[stlx]$|--allow-(read|write) |-r )/.test(f)).flatMap((f) => f.split(" "));
}

export function learnedText(l: Learned, host: string, runs: number): string {
  const L: string[] = [];
  L.push(
    `${host} --learn: the script ran ${runs} time${runs === 1 ? "" : "s"} (confined: Landlock and rlimits on, refused system calls failed with EPERM instead of killing it), and an empty script once to tell the interpreter's own attempts apart`,
  );
  if (l.flags.length === 0 && l.notGrantable.length === 0) {
    L.push(`${host} --learn: it needed nothing beyond ${host}'s defaults`);
  } else if (l.flags.length) {
    L.push(`${host} --learn: add these flags:`);
    L.push(`  ${l.flags.join(" ")}`);
    for (const r of l.reasons) L.push(`    ${r}`);
    for (const h of l.hints) L.push(`    ${h}`);
  }
  if (l.notGrantable.length) {
    L.push(`${host} --learn: refused, and no flag grants it:`);
    for (const n of l.notGrantable) L.push(`  ${n}`);
  }
  if (l.ignored.length) {
    L.push(`${host} --learn: refused, and the script went on without it (a probe, not a need; no flag proposed):`);
    for (const n of l.ignored.slice(0, 8)) L.push(`  ${n}`);
    if (l.ignored.length > 8) L.push(`  … ${l.ignored.length - 8} more`);
  }
  return `${L.join("\n")}\n`;
}
