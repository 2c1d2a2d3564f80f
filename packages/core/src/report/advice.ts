// What would allow a system call the sandbox refused: which promise groups
// (PROMISES in @hsandbox/bpf) allow it — with these arguments when they are
// known — and which flag of this host, if any, adds such a promise. Pure: the
// report (--report), --trace and --learn all word their advice with it.
import { PROMISE_NAMES, PROMISES, type PromiseName, type Rule, testArg } from "@hsandbox/bpf";
import type { HostProfile } from "../profile.js";

/** The part of a host profile that decides what can be granted. */
export type HostGrants = Pick<HostProfile, "name" | "promises" | "execPromises" | "exec">;

export interface Advice {
  readonly syscall: string;
  /** Promise groups with a rule allowing the call (with these arguments, when known). */
  readonly promises: readonly PromiseName[];
  /** The flag of this host that adds one of them, if there is one ("-x"). */
  readonly flag?: string;
  /** The call is allowed by one of the host's own promises, but not with these arguments. */
  readonly argumentsRefused: boolean;
  /** One sentence for a person. */
  readonly text: string;
}

const EXEC_CALLS = new Set(["execve", "execveat"]);

function ruleMatches(r: Rule, args: readonly bigint[] | undefined): boolean {
  if (r.action.kind !== "allow") return false;
  if (args === undefined) return true;
  return (r.when ?? []).every((p) => testArg(p.test, args[p.arg] ?? 0n));
}

/** Promise groups that allow `syscall` (with `args`, when given), in PROMISE_NAMES order. */
export function promisesAllowing(syscall: string, args?: readonly bigint[]): PromiseName[] {
  return PROMISE_NAMES.filter((p) => PROMISES[p].rules.some((r) => r.syscall === syscall && ruleMatches(r, args)));
}

const quote = (p: PromiseName) => `promise ${p} ("${PROMISES[p].summary.replace(/\.$/, "")}")`;

export function adviceFor(syscall: string, host: HostGrants, args?: readonly bigint[]): Advice {
  const withArgs = promisesAllowing(syscall, args);
  const byName = args === undefined ? withArgs : promisesAllowing(syscall);
  const own = new Set<PromiseName>(host.promises);
  const viaX = new Set<PromiseName>(host.execPromises ?? []);
  const base = { syscall, promises: withArgs };
  // execve: the launcher pins the one execve it makes; -x (where the host has
  // it) lets the filter allow execve and Landlock decide which programs run.
  if (EXEC_CALLS.has(syscall)) {
    if (host.execPromises !== undefined || host.exec === "landlock") {
      return {
        ...base,
        flag: "-x",
        argumentsRefused: false,
        text: `-x lets ${host.name} run programs beneath the script's directory (Landlock decides which)`,
      };
    }
    return {
      ...base,
      argumentsRefused: false,
      text: `${syscall} runs another program; ${quote("exec")} would allow it, and no flag of ${host.name} grants it`,
    };
  }
  const x = withArgs.find((p) => viaX.has(p));
  if (x !== undefined) {
    return { ...base, flag: "-x", argumentsRefused: false, text: `-x adds ${quote(x)}, which allows it` };
  }
  if (withArgs.length === 0 && byName.length === 0) {
    return {
      ...base,
      argumentsRefused: false,
      text: `no promise allows ${syscall}: ${host.name} never lets a script make this call`,
    };
  }
  if (withArgs.length === 0) {
    const mine = byName.filter((p) => own.has(p));
    const where = mine.length > 0 ? `${host.name}'s ${mine.join(", ")}` : byName.join(", ");
    return {
      ...base,
      argumentsRefused: mine.length > 0,
      text: `${syscall} is allowed by ${where} only with other arguments; no promise allows it with these`,
    };
  }
  const first = withArgs[0]!;
  const others = withArgs.slice(1);
  return {
    ...base,
    argumentsRefused: false,
    text: `${quote(first)}${others.length ? ` (or ${others.join(", ")})` : ""} would allow it; no flag of ${host.name} grants it`,
  };
}

/**
 * A process the CPU time limit ended: RLIMIT_CPU sends SIGXCPU at the soft
 * limit and SIGKILL at the hard one (the hosts set soft = hard, so it is
 * usually SIGKILL). A SIGKILL counts as the limit's only when the measured
 * CPU time reached it (else something else killed it). The advice doubles
 * what the run used: it was cut short, so its need is more than that.
 */
export function cpuLimitAdvice(
  signal: string | undefined,
  limitSeconds: bigint | undefined,
  usedSeconds: number | undefined,
): { readonly flag: string; readonly seconds: number; readonly text: string } | undefined {
  if (signal !== "SIGXCPU" && signal !== "SIGKILL") return undefined;
  if (limitSeconds === undefined) return undefined;
  const limit = Number(limitSeconds);
  // The kernel checks at a clock tick, and the measure includes the launcher's own start.
  const reached = usedSeconds !== undefined && usedSeconds >= limit - 0.05;
  if (signal === "SIGKILL" && !reached) return undefined;
  const used = usedSeconds ?? limit;
  const seconds = Math.max(limit + 1, Math.ceil(2 * used));
  return {
    flag: `-r cpu=${seconds}`,
    seconds,
    text: `${signal} after ${used.toFixed(1)} s of CPU time: the limit is ${limit} s (cpu=${limit}); -r cpu=${seconds} is twice what it used before it was stopped`,
  };
}
