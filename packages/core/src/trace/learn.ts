// --learn's reasoning (pure): from the traced run of the script (with
// --on-violation errno, so a refused call fails instead of ending the run) and
// of an empty script (what the interpreter itself tries and does without),
// the smallest set of flags that grants what the script was refused.
import { dirname, isAbsolute, resolve, sep } from "node:path";
import { adviceFor, type HostGrants } from "../report/advice.js";
import { formatRlimitValue, type RlimitPlan } from "../rlimits.js";
import { firstPath, interpreterPart, type ParsedTrace, splitArgs, type TraceCall } from "./parse.js";
import { callArgs } from "./summary.js";

export type Need = "read" | "write" | "exec";

export interface PathNeed {
  readonly path: string;
  readonly need: Need;
  /** The call that was refused, e.g. `openat O_RDONLY`. */
  readonly via: string;
}

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

/** What a refused (EACCES) path call needed. */
export function pathNeed(c: TraceCall, cwd: string): PathNeed | undefined {
  if (c.errno !== "EACCES") return undefined;
  const p = firstPath(c.args);
  if (p === undefined || p === "") return undefined;
  const parts = splitArgs(c.args);
  // A path relative to a directory descriptor other than the cwd is not resolvable from the trace.
  if (!isAbsolute(p) && /at2?$/.test(c.syscall) && parts[0] !== "AT_FDCWD") return undefined;
  const path = resolve(cwd, p);
  if (c.syscall === "execve" || c.syscall === "execveat") return { path, need: "exec", via: c.syscall };
  if (PARENT_WRITE.has(c.syscall)) return { path: dirname(path), need: "write", via: c.syscall };
  if (c.syscall === "open" || c.syscall === "openat") {
    const flags = parts[c.syscall === "open" ? 1 : 2] ?? "";
    if (/O_CREAT/.test(flags)) return { path: dirname(path), need: "write", via: `${c.syscall} O_CREAT` };
    if (/O_WRONLY|O_RDWR|O_TRUNC/.test(flags)) return { path, need: "write", via: `${c.syscall} for writing` };
    return { path, need: "read", via: `${c.syscall} ${/O_DIRECTORY/.test(flags) ? "(directory)" : "for reading"}` };
  }
  if (c.syscall === "truncate") return { path, need: "write", via: c.syscall };
  return { path, need: "read", via: c.syscall };
}

export interface LearnContext {
  readonly host: HostGrants;
  readonly interpreter: string;
  readonly scriptDir: string;
  readonly tmpDir: string;
  readonly cwd: string;
  readonly rlimits: RlimitPlan;
}

export interface Learned {
  /** Flags to copy, sorted and deduplicated. */
  readonly flags: readonly string[];
  /** One line per flag: which refused call it answers. */
  readonly reasons: readonly string[];
  /** What no flag can grant (syscalls without a flag, programs outside the script dir). */
  readonly notGrantable: readonly string[];
  /** Directories worth granting whole instead of the files in them. */
  readonly hints: readonly string[];
}

const beneath = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
const RANK: Record<Need, number> = { read: 1, exec: 1, write: 2 };

function refusedPaths(t: ParsedTrace, ctx: LearnContext): PathNeed[] {
  const out: PathNeed[] = [];
  for (const c of interpreterPart(t, ctx.interpreter).calls) {
    const n = pathNeed(c, ctx.cwd);
    if (n) out.push(n);
  }
  return out;
}

/** Calls the filter refused (EPERM in errno mode) that no rule of the policy answers on purpose. */
function refusedCalls(t: ParsedTrace, ctx: LearnContext): TraceCall[] {
  return interpreterPart(t, ctx.interpreter).calls.filter((c) => c.errno === "EPERM");
}

/**
 * `baselineScriptDir`: where the empty script was; what the interpreter tried
 * there (e.g. listing its script's directory) it also tries in the real one.
 */
export function learn(
  run: ParsedTrace,
  baseline: ParsedTrace | undefined,
  ctx: LearnContext,
  baselineScriptDir?: string,
): Learned {
  const moved = (p: string) =>
    baselineScriptDir !== undefined && beneath(p, baselineScriptDir)
      ? ctx.scriptDir + p.slice(baselineScriptDir.length)
      : p;
  const base = new Set((baseline ? refusedPaths(baseline, ctx) : []).map((n) => `${n.need} ${moved(n.path)}`));
  const baseCalls = new Set((baseline ? refusedCalls(baseline, ctx) : []).map((c) => c.syscall));
  const needs = refusedPaths(run, ctx).filter((n) => !base.has(`${n.need} ${n.path}`));
  const flags = new Map<string, string>();
  const notGrantable = new Set<string>();
  const plain: PathNeed[] = [];
  for (const n of needs) {
    if (n.need === "exec") {
      if (beneath(n.path, ctx.scriptDir) && (ctx.host.execPromises !== undefined || ctx.host.exec === "landlock"))
        flags.set("-x", `run ${n.path} (${n.via})`);
      else notGrantable.add(`run ${n.path}: no flag of ${ctx.host.name} runs programs outside the script's directory`);
    } else if (n.path === ctx.tmpDir) flags.set("-t", `${n.need} ${n.path} (${n.via})`);
    else if (n.path === "/etc/localtime" || beneath(n.path, "/usr/share/zoneinfo"))
      flags.set("-l", `read ${n.path} (${n.via})`);
    else if (n.need === "read" && beneath(n.path, ctx.scriptDir)) flags.set("-s", `read ${n.path} (${n.via})`);
    else plain.push(n);
  }
  // Smallest set: a path beneath another granted path with at least its rights goes.
  plain.sort((a, b) => a.path.length - b.path.length || (a.path < b.path ? -1 : 1));
  const chosen: PathNeed[] = [];
  for (const n of plain) {
    const covered = chosen.some((c) => beneath(n.path, c.path) && RANK[c.need] >= RANK[n.need]);
    if (!covered) chosen.push(n);
  }
  for (const n of chosen)
    flags.set(`--allow-${n.need === "write" ? "write" : "read"} ${n.path}`, `${n.need} ${n.path} (${n.via})`);
  // Directories with two or more refused files in them: granting the directory may read better.
  const byDir = new Map<string, number>();
  for (const n of chosen) byDir.set(dirname(n.path), (byDir.get(dirname(n.path)) ?? 0) + 1);
  const hints = [...byDir.entries()]
    .filter(([, k]) => k >= 2)
    .map(([d]) => `or the whole directory: --allow-read ${d}`)
    .sort();

  for (const c of refusedCalls(run, ctx)) {
    if (baseCalls.has(c.syscall)) continue;
    const a = adviceFor(c.syscall, ctx.host, callArgs(c));
    if (a.flag) flags.set(a.flag, `${c.syscall}: ${a.text}`);
    else notGrantable.add(`${c.syscall}: ${a.text}`);
  }
  for (const r of rlimitsHit(run, ctx)) flags.set(r.flag, r.why);
  const sorted = [...flags.keys()].sort();
  return {
    flags: sorted,
    reasons: sorted.map((f) => `${f}   # ${flags.get(f)}`),
    notGrantable: [...notGrantable].sort(),
    hints,
  };
}

/** Limits the run ran into, each with a flag that doubles it. */
export function rlimitsHit(t: ParsedTrace, ctx: LearnContext): { flag: string; why: string }[] {
  const part = interpreterPart(t, ctx.interpreter);
  const hit = new Map<string, string>();
  for (const s of part.signals) {
    if (s.signal === "SIGXCPU") hit.set("cpu", "SIGXCPU: the CPU time limit");
    if (s.signal === "SIGXFSZ") hit.set("fsize", "SIGXFSZ: the file size limit");
  }
  for (const e of part.ends) if (e.signal === "SIGXCPU") hit.set("cpu", "killed by SIGXCPU");
  for (const c of part.calls) {
    if (c.errno === "EMFILE") hit.set("nofile", `${c.syscall}: EMFILE (too many open files)`);
    if (c.errno === "EFBIG") hit.set("fsize", `${c.syscall}: EFBIG (file too large)`);
    if (c.errno === "ENOMEM" && /^(mmap|brk|mremap)$/.test(c.syscall))
      hit.set("as", `${c.syscall}: ENOMEM (address space limit)`);
    if (c.errno === "EAGAIN" && /^(clone|clone3|fork|vfork)$/.test(c.syscall))
      hit.set("nproc", `${c.syscall}: EAGAIN (process limit)`);
  }
  return [...hit.entries()].sort().map(([name, why]) => {
    const v = ctx.rlimits[name as keyof RlimitPlan]?.value;
    const doubled = v && v.kind === "set" ? formatRlimitValue({ kind: "set", value: v.value * 2n || 1n }) : "unlimited";
    return { flag: `-r ${name}=${doubled}`, why };
  });
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
  return `${L.join("\n")}\n`;
}
