// --trace and --learn: strace must attach from OUTSIDE the sandbox (once the
// filter is on, the launcher could not exec strace, and a confined process
// may not ptrace anything). So this launcher, unconfined, runs
//   strace -f -o FILE -- node <this bin> <the same options minus --trace/--learn> -- SCRIPT ARGS
// and reads FILE afterwards. strace runs as the same user; started as root it
// keeps tracing across the launcher's move of its real uid (it attached
// before, and as root it holds CAP_SYS_PTRACE).

import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { type ParsedCommandLine, removeOptions } from "../cli.js";
import { HostError } from "../errors.js";
import type { Policy } from "../policy.js";
import type { HostProfile } from "../profile.js";
import { reRaise } from "../report/re-raise.js";
import { which } from "../resolve.js";
import { parseRlimitAssignment, type RlimitPlan } from "../rlimits.js";
import {
  findings,
  type KindOf,
  type LearnContext,
  type Learned,
  learnedText,
  measureFindings,
  propose,
  type RunFindings,
  runFlags,
} from "./learn.js";
import { parseStrace } from "./parse.js";
import { summarise, summaryText } from "./summary.js";

export function findStrace(path = process.env.PATH ?? ""): string {
  const strace = which("strace", path);
  if (strace === undefined) {
    throw new HostError("--trace and --learn need strace, which is not installed", "apt-get install strace");
  }
  return strace;
}

const OBSERVERS = (w: string) =>
  w === "--trace" || w.startsWith("--trace=") || w === "--learn" || w === "--report" || w === "--no-report";

function traced(
  strace: string,
  file: string,
  args: readonly string[],
): { status: number | null; signal: NodeJS.Signals | null } {
  const { spawnSync } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  const r = spawnSync(
    strace,
    [
      "-f",
      "-q",
      "-X",
      "abbrev",
      "-s",
      "256",
      "-o",
      file,
      "--",
      process.execPath,
      ...process.execArgv,
      process.argv[1]!,
      ...args,
    ],
    { stdio: "inherit" },
  );
  if (r.error) throw new HostError(`cannot run strace: ${r.error.message}`);
  return { status: r.status, signal: r.signal };
}

/** Options before "--" and the script part after it. */
function splitAt(argv: readonly string[]): { opts: string[]; rest: string[] } {
  const i = argv.indexOf("--");
  return { opts: argv.slice(0, i), rest: argv.slice(i + 1) };
}

export function observe(profile: HostProfile, cl: ParsedCommandLine, policy: Policy, argv: readonly string[]): never {
  if (policy.script === undefined) throw new HostError("--trace and --learn need a script");
  const strace = findStrace();
  const { opts: kept, rest } = splitAt(removeOptions(argv, profile.options ?? {}, OBSERVERS));
  // strace names refused calls itself; a reporting process would be traced too.
  const opts = [...kept, "--no-report"];
  if (cl.options.learn) return runLearn(profile, { ...policy, script: policy.script }, strace, opts, rest);
  const t = cl.options.trace;
  const file = typeof t === "string" ? resolve(t) : join(tmpdir(), `${profile.name}-trace-${process.pid}.txt`);
  const r = traced(strace, file, [...opts, "--", ...rest]);
  const s = summarise(parseStrace(readFileSync(file, "utf8")), policy.interpreter, profile);
  process.stderr.write(summaryText(s, profile.name, file));
  if (r.signal) reRaise(r.signal);
  // strace ends with the traced command's status, and re-raises its fatal signal.
  if (r.status !== null && r.status > 128 && s.signal) reRaise(s.signal as NodeJS.Signals);
  process.exit(r.status ?? 1);
}

/** CPU seconds this process's waited-for children (and theirs) used: /proc/self/stat's cutime + cstime. */
export function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[13]) + Number(f[14])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Run flags without their -r NAME=VALUE pairs, or without the cpu one. */
function withoutLimits(words: readonly string[], only?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "-r" && (only === undefined || words[i + 1]?.startsWith(`${only}=`))) i++;
    else out.push(words[i]!);
  }
  return out;
}
const withoutCpu = (words: readonly string[]) => withoutLimits(words, "cpu");

const kindOf: KindOf = (p) => {
  try {
    return statSync(p).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
};

/** The run's limits: the command line's, with the -r flags --learn added. */
function withLimits(plan: RlimitPlan, extra: readonly string[]): RlimitPlan {
  const out = { ...plan };
  for (let i = 0; i < extra.length; i++) {
    if (extra[i] !== "-r") continue;
    const [name, value] = parseRlimitAssignment(extra[++i] ?? "");
    out[name] = { value, source: `-r ${name} (--learn)` };
  }
  return out;
}

/**
 * The CPU limit of the run that measures a script the CPU limit stopped (run
 * without strace, whose tracing the kernel partly bills to the script), and
 * of the traced runs after it: a script needing more is not one --learn waits for.
 */
const CPU_MEASURE_LIMIT = 60;
const MAX_RUNS = 6;

/** The host again, untraced, with `args`: its status and the CPU time it used. */
function measured(args: readonly string[]): { signal: string | undefined; cpuSeconds: number | undefined } {
  const { spawnSync } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  const before = childrenCpuSeconds();
  const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { stdio: "inherit" });
  const after = childrenCpuSeconds();
  return {
    signal: r.signal ?? undefined,
    cpuSeconds: before !== undefined && after !== undefined ? after - before : undefined,
  };
}

function runLearn(
  profile: HostProfile,
  policy: Policy & { script: NonNullable<Policy["script"]> },
  strace: string,
  opts: string[],
  rest: string[],
): never {
  const host = profile.name;
  const work = mkdtempSync(join(tmpdir(), `${host}-learn-`));
  chmodSync(work, 0o755);
  try {
    const ctx: LearnContext = {
      host: profile,
      interpreter: policy.interpreter,
      scriptDir: policy.script.dir,
      tmpDir: resolve(process.env.TMPDIR || tmpdir()),
      cwd: process.cwd(),
      rlimits: policy.rlimits,
      kindOf,
    };
    const errnoMode = ["--on-violation", "errno"];
    // What the interpreter itself tries (and does without): an empty script.
    const empty = join(work, `empty${extname(policy.script.path)}`);
    writeFileSync(empty, "");
    chmodSync(empty, 0o644);
    traced(strace, join(work, "baseline.txt"), [...opts, ...errnoMode, "--", empty]);
    const baseline = parseStrace(readFileSync(join(work, "baseline.txt"), "utf8"));
    // The script, again with what it was refused, until nothing new is refused
    // (a script usually stops at its first PermissionError).
    const runs: RunFindings[] = [];
    let result: Learned | undefined;
    let extra: string[] = [];
    while (runs.length < MAX_RUNS) {
      const n = runs.length + 1;
      const file = join(work, `run${n}.txt`);
      process.stderr.write(
        `${host} --learn: run ${n}: ${[...opts, ...extra, ...errnoMode].join(" ")} ${rest.join(" ")}\n`,
      );
      const before = childrenCpuSeconds();
      traced(strace, file, [...opts, ...extra, ...errnoMode, "--", ...rest]);
      const after = childrenCpuSeconds();
      const trace = parseStrace(readFileSync(file, "utf8"));
      if (n === 1 && !trace.calls.some((c) => c.syscall === "execve" && c.ret === "0")) {
        throw new HostError("--learn: the interpreter never started (see the launcher's message above)");
      }
      // Measured around strace: the launcher's start and strace's own time are in it, so it reads high.
      const cpuSeconds = before !== undefined && after !== undefined ? after - before : undefined;
      const runCtx: LearnContext = {
        ...ctx,
        rlimits: withLimits(ctx.rlimits, extra),
        ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
      };
      const f = findings(trace, baseline, runCtx, work);
      runs.push(f);
      if (f.limits.some((h) => h.name === "cpu") && !runs.some((r) => r.measure)) {
        // Stopped by the CPU limit: measure what it needs in a run with the limit raised.
        const args = [...opts, ...withoutCpu(extra), "-r", `cpu=${CPU_MEASURE_LIMIT}`, ...errnoMode, "--", ...rest];
        process.stderr.write(
          `${host} --learn: measuring its CPU time: ${args.slice(0, args.indexOf("--")).join(" ")} ${rest.join(" ")}\n`,
        );
        const m = measured(args);
        runs.push(measureFindings(m.signal, m.cpuSeconds, withLimits(ctx.rlimits, ["-r", `cpu=${CPU_MEASURE_LIMIT}`])));
      }
      result = propose(runs, ctx);
      // Traced runs after a CPU stop get the measuring run's limit: strace slows them down.
      const next = runFlags(result).map((w) => (/^cpu=/.test(w) ? `cpu=${CPU_MEASURE_LIMIT}` : w));
      const grantsChanged = withoutLimits(next).join(" ") !== withoutLimits(extra).join(" ");
      // A limit other than CPU it ran into again: rerun with the new value to see that it suffices.
      const limitAgain = f.limits.some((h) => h.name !== "cpu");
      if ((!grantsChanged && !limitAgain) || next.join(" ") === extra.join(" ")) break;
      extra = next;
    }
    process.stderr.write(learnedText(result!, host, runs.length));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}
