// --trace and --learn: strace must attach from OUTSIDE the sandbox (once the
// filter is on, the launcher could not exec strace, and a confined process
// may not ptrace anything). So this launcher, unconfined, runs
//   strace -f -o FILE -- node <this bin> <the same options minus --trace/--learn> -- SCRIPT ARGS
// and reads FILE afterwards. strace runs as the same user; started as root it
// keeps tracing across the launcher's move of its real uid (it attached
// before, and as root it holds CAP_SYS_PTRACE).

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { type ParsedCommandLine, removeOptions } from "../cli.js";
import { HostError } from "../errors.js";
import type { Policy } from "../policy.js";
import type { HostProfile } from "../profile.js";
import { reRaise } from "../report/supervise.js";
import { which } from "../resolve.js";
import { type Learned, learn, learnedText } from "./learn.js";
import { parseStrace } from "./parse.js";
import { summarise, summaryText } from "./summary.js";

export function findStrace(path = process.env.PATH ?? ""): string {
  const strace = which("strace", path);
  if (strace === undefined) {
    throw new HostError("--trace and --learn need strace, which is not installed", "apt-get install strace");
  }
  return strace;
}

const OBSERVERS = (w: string) => w === "--trace" || w.startsWith("--trace=") || w === "--learn" || w === "--report";

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
  const { opts, rest } = splitAt(removeOptions(argv, profile.options ?? {}, OBSERVERS));
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
    const ctx = {
      host: profile,
      interpreter: policy.interpreter,
      scriptDir: policy.script.dir,
      tmpDir: resolve(process.env.TMPDIR || tmpdir()),
      cwd: process.cwd(),
      rlimits: policy.rlimits,
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
    const flags = new Map<string, string>();
    const notGrantable = new Set<string>();
    const hints = new Set<string>();
    let runs = 0;
    let extra: string[] = [];
    for (; runs < 4; ) {
      runs++;
      const file = join(work, `run${runs}.txt`);
      process.stderr.write(
        `${host} --learn: run ${runs}: ${[...opts, ...extra, ...errnoMode].join(" ")} ${rest.join(" ")}\n`,
      );
      traced(strace, file, [...opts, ...extra, ...errnoMode, "--", ...rest]);
      const trace = parseStrace(readFileSync(file, "utf8"));
      if (runs === 1 && !trace.calls.some((c) => c.syscall === "execve" && c.ret === "0")) {
        throw new HostError("--learn: the interpreter never started (see the launcher's message above)");
      }
      const l: Learned = learn(trace, baseline, ctx, work);
      let added = false;
      for (const [i, f] of l.flags.entries()) {
        if (!flags.has(f)) {
          flags.set(f, l.reasons[i]!);
          if (/^(-[stlx]|--allow-(read|write) )/.test(f)) added = true;
        }
      }
      for (const n of l.notGrantable) notGrantable.add(n);
      for (const h of l.hints) hints.add(h);
      if (!added) break;
      extra = [...flags.keys()].filter((f) => /^(-[stlx]|--allow-(read|write) )/.test(f)).flatMap((f) => f.split(" "));
    }
    const sorted = [...flags.keys()].sort();
    const result: Learned = {
      flags: sorted,
      reasons: sorted.map((f) => flags.get(f)!),
      notGrantable: [...notGrantable].sort(),
      hints: [...hints].sort(),
    };
    process.stderr.write(learnedText(result, host, runs));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.exit(0);
}
