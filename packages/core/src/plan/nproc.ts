// Planner: RLIMIT_NPROC. Pure: the number of tasks the real uid already runs
// is a fact (discover.ts counts it, and only when needsTaskCount says so).
import { constant, type PromiseName, type Rule, testArg } from "@hsandbox/bpf";
import type { ParsedCommandLine } from "../cli.js";
import type { HostProfile } from "../profile.js";
import type { RlimitPlan, RlimitSetting } from "../rlimits.js";
import { reports } from "./seccomp.js";

export interface NprocPlan {
  readonly running: number;
  /** Tasks added for the reporting process (REPORTER_TASKS), when it shares the real uid. */
  readonly reporter?: number;
  readonly allowance: number;
  readonly why: string;
}

type Allowance = HostProfile["processAllowance"];

function setByUser(options: ParsedCommandLine["options"]): boolean {
  return options.inheritRlimits || options.rlimits.some(([n]) => n === "nproc");
}

/** glibc's fork(): clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, 0, ...). */
const FORK_FLAGS = constant("CLONE_CHILD_CLEARTID") | constant("CLONE_CHILD_SETTID") | constant("SIGCHLD");

/**
 * Whether the policy lets the script start processes (not only threads):
 * the proc promise, or a host rule allowing fork, vfork, or clone with
 * fork's flags. A host whose allowlist is its own rules (no promises) is
 * judged by what its rules allow, so that a fork-capable host can never be
 * mistaken for a threads-only one (which keeps the caller's, often
 * unbounded, RLIMIT_NPROC).
 */
export function startsProcesses(promises: readonly PromiseName[], rules: readonly Rule[]): boolean {
  if (promises.includes("proc")) return true;
  return rules.some(
    (r) =>
      r.action.kind === "allow" &&
      (r.syscall === "fork" ||
        r.syscall === "vfork" ||
        (r.syscall === "clone" && (r.when ?? []).every((p) => testArg(p.test, p.arg === 0 ? FORK_FLAGS : 0n)))),
  );
}

/** Whether planning needs the count of tasks the real uid runs (reading /proc costs). */
export function needsTaskCount(allowance: Allowance, options: ParsedCommandLine["options"], forks: boolean): boolean {
  return !setByUser(options) && allowance !== undefined && forks;
}

/**
 * The nproc limit replacing the profile's default, or none (the user set it,
 * or the host starts no processes: its default stays). `running` is required
 * when needsTaskCount is true.
 */
export function planNproc(
  allowance: Allowance,
  options: ParsedCommandLine["options"],
  forks: boolean,
  realUid: number,
  running: number | undefined,
  reporterTasks = 0,
): { readonly limit?: RlimitSetting; readonly nproc?: NprocPlan } {
  if (setByUser(options) || !allowance) return {};
  if (!forks) {
    // Threads only (the filter denies fork): RLIMIT_NPROC is per real uid
    // across the machine, so "running + allowance" taken at one launch is
    // eaten by the next concurrent launch's threads (50 concurrent hnode
    // launches starved each other). The address-space limit bounds threads
    // here (each reserves a stack), so the caller's own limit stays.
    return {
      limit: {
        value: { kind: "inherit" },
        source: "default: threads only (fork is denied by the filter), bounded by the address-space limit",
      },
    };
  }
  if (running === undefined) throw new Error("planNproc: the task count was not discovered");
  // The reporting process (report/) runs as the same real uid unless the
  // launcher is root; it may still be booting (creating its threads) when
  // the tasks are counted, so its share is added rather than counted.
  const reporter = reporterTasks > 0 ? ` + ${reporterTasks} (the reporting process)` : "";
  return {
    nproc: {
      running,
      ...(reporterTasks > 0 ? { reporter: reporterTasks } : {}),
      allowance: allowance.count,
      why: allowance.why,
    },
    limit: {
      value: { kind: "set", value: BigInt(running + reporterTasks + allowance.count) },
      source: `default: ${running} tasks uid ${realUid} already runs${reporter} + ${allowance.count} (${allowance.why})`,
    },
  };
}

/**
 * Tasks of the reporting process: report/hand-off.ts starts it with
 * --v8-pool-size=1 and UV_THREADPOOL_SIZE=1, so the main thread, one V8
 * worker, one libuv pool thread (the ESM loader reads the bin through it) and
 * Node's two others (measured in /proc/PID/status while a script runs).
 */
export const REPORTER_TASKS = 5;

/** The reporter's share of the sandbox's RLIMIT_NPROC: none when it runs under another real uid (root) or not at all. */
export function reporterTasksOf(
  options: ParsedCommandLine["options"],
  launcherUid: number,
  sandboxRealUid: number,
): number {
  return reports(options) && launcherUid === sandboxRealUid ? REPORTER_TASKS : 0;
}

/** `rlimits` with nproc replaced (a new object: the plan is never mutated). */
export function withNproc(rlimits: RlimitPlan, limit: RlimitSetting | undefined): RlimitPlan {
  return limit ? { ...rlimits, nproc: limit } : rlimits;
}
