// Planner: RLIMIT_NPROC. Pure: the number of tasks the real uid already runs
// is a fact (discover.ts counts it, and only when needsTaskCount says so).
import type { ParsedCommandLine } from "../cli.js";
import type { HostProfile } from "../profile.js";
import type { RlimitPlan, RlimitSetting } from "../rlimits.js";

export interface NprocPlan {
  readonly running: number;
  readonly allowance: number;
  readonly why: string;
}

type Allowance = HostProfile["processAllowance"];

function setByUser(options: ParsedCommandLine["options"]): boolean {
  return options.inheritRlimits || options.rlimits.some(([n]) => n === "nproc");
}

/** Whether planning needs the count of tasks the real uid runs (reading /proc costs). */
export function needsTaskCount(
  allowance: Allowance,
  options: ParsedCommandLine["options"],
  promises: readonly string[],
): boolean {
  return !setByUser(options) && allowance !== undefined && promises.includes("proc");
}

/**
 * The nproc limit replacing the profile's default, or none (the user set it,
 * or the host starts no processes: its default stays). `running` is required
 * when needsTaskCount is true.
 */
export function planNproc(
  allowance: Allowance,
  options: ParsedCommandLine["options"],
  promises: readonly string[],
  realUid: number,
  running: number | undefined,
): { readonly limit?: RlimitSetting; readonly nproc?: NprocPlan } {
  if (setByUser(options) || !allowance) return {};
  if (!promises.includes("proc")) {
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
  return {
    nproc: { running, allowance: allowance.count, why: allowance.why },
    limit: {
      value: { kind: "set", value: BigInt(running + allowance.count) },
      source: `default: ${running} tasks uid ${realUid} already runs + ${allowance.count} (${allowance.why})`,
    },
  };
}

/** `rlimits` with nproc replaced (a new object: the plan is never mutated). */
export function withNproc(rlimits: RlimitPlan, limit: RlimitSetting | undefined): RlimitPlan {
  return limit ? { ...rlimits, nproc: limit } : rlimits;
}
