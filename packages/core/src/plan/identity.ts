// Planner: which uid the script runs as, and what the user is warned about. Pure.
import type { Plan } from "@hsandbox/landlock";
import type { ParsedCommandLine } from "../cli.js";

export const UNPRIVILEGED_UID = 65534;

export interface IdentityPlan {
  /** Started as root: the real uid moves here (see apply/identity.ts). */
  readonly moveRealUidTo?: number;
  /**
   * Move the effective uid and gid too (to 65534). Used when a root launcher
   * runs with Landlock not enforcing the whole policy (--best-effort): euid 0
   * without capabilities still owns root's files (/etc/passwd is 0644 root),
   * and only Landlock would keep the script from writing them.
   */
  readonly dropAll?: boolean;
  readonly warnings: readonly string[];
}

/** The real uid the script will run with (the one RLIMIT_NPROC counts). */
export function realUidOf(uid: number, euid: number, options: ParsedCommandLine["options"]): number {
  return (uid === 0 || euid === 0) && !options.asRoot ? UNPRIVILEGED_UID : uid;
}

export function planIdentity(
  ids: { readonly uid: number; readonly euid: number },
  options: ParsedCommandLine["options"],
  landlock: Pick<Plan, "enforced" | "dropped">,
  boundsProcesses: boolean,
): IdentityPlan {
  const isRoot = ids.uid === 0 || ids.euid === 0;
  const warnings: string[] = [];
  const realUid = realUidOf(ids.uid, ids.euid, options);
  if (isRoot && options.asRoot && boundsProcesses) {
    warnings.push(
      "running with real uid 0 (--as-root): the kernel never applies RLIMIT_NPROC to uid 0, so new processes are not bounded",
    );
  }
  // Root with an incomplete Landlock (--best-effort on an older kernel): the
  // effective uid goes too, so file permissions protect root's files.
  const landlockComplete = landlock.enforced && landlock.dropped.every((d) => d.effect !== "weaker");
  const dropAll = isRoot && !options.asRoot && !landlockComplete;
  if (dropAll) {
    warnings.push(
      `Landlock does not enforce the whole policy on this kernel, so the script runs entirely as uid ${UNPRIVILEGED_UID} (files must be readable by it)`,
    );
  }
  return {
    ...(realUid !== ids.uid ? { moveRealUidTo: realUid } : {}),
    ...(dropAll ? { dropAll } : {}),
    warnings,
  };
}
