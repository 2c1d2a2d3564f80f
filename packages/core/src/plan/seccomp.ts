// Planner: the seccomp policy (promises, rules before them, default action,
// who may execve). Pure.
import { type Action, errno, killProcess, type PromiseName, type Rule } from "@hsandbox/bpf";
import type { ParsedCommandLine } from "../cli.js";
import type { HostProfile } from "../profile.js";

export interface SeccompPolicy {
  readonly promises: readonly PromiseName[];
  /** Host and launcher rules, checked before the promises' rules. */
  readonly rules: readonly Rule[];
  readonly defaultAction: Action;
  /** execve is allowed only for the interpreter's path pointer ("pinned") or, with -x, for any path. */
  readonly exec: "pinned" | "any";
  /**
   * A reporting process names refused calls (report/): the filter's default
   * is then SECCOMP_RET_USER_NOTIF and the reporter carries out
   * defaultAction, and the launcher's one sendmsg of the listener is allowed.
   */
  readonly reporter: boolean;
}

/** Whether a launch with these options has a reporting process: by default; not with --no-report, --trace or --learn (strace names the calls there). */
export function reports(options: ParsedCommandLine["options"]): boolean {
  return options.report !== false && options.trace === undefined && !options.learn;
}

/**
 * The launcher's sendmsg of the seccomp listener to the reporting process,
 * pinned to its socket, its message's address and MSG_NOSIGNAL (the values
 * are the launcher's; --explain shows the rule with placeholders).
 */
export function reporterRule(socketFd: number, messageAddress: bigint, flags: number): Rule {
  return {
    syscall: "sendmsg",
    action: { kind: "allow" },
    when: [
      { arg: 0, test: { op: "eq", value: BigInt.asUintN(64, BigInt(socketFd)) } },
      { arg: 1, test: { op: "eq", value: messageAddress } },
      { arg: 2, test: { op: "eq", value: BigInt(flags) } },
    ],
    why: "the launcher's one hand-off of the seccomp listener to the reporting process, before execve (socket, message address and flags pinned; the socket is close-on-exec)",
  };
}

/** kill, or EPERM with --on-violation=errno. */
export function defaultActionOf(options: ParsedCommandLine["options"]): Action {
  return options.onViolation === "errno" ? errno(1) : killProcess;
}

/**
 * Which files may be written is Landlock's decision: hosts promise wpath and
 * cpath so that a denied write is a readable EACCES, not a SIGSYS. chmod,
 * chown and utimes are not Landlock rights, so fattr is never implied.
 * `sessionRules` (a session without a script) come before the host's rules.
 */
export function planSeccomp(
  profile: Pick<HostProfile, "promises" | "execPromises" | "execRules" | "exec" | "rules">,
  options: ParsedCommandLine["options"],
  sessionRules: readonly Rule[],
): SeccompPolicy {
  const promises = new Set<PromiseName>(profile.promises);
  if (options.execScriptDir) for (const p of profile.execPromises ?? []) promises.add(p);
  return {
    promises: [...promises],
    rules: [...sessionRules, ...(options.execScriptDir ? (profile.execRules ?? []) : []), ...(profile.rules ?? [])],
    defaultAction: defaultActionOf(options),
    exec: options.execScriptDir || profile.exec === "landlock" ? "any" : "pinned",
    reporter: reports(options),
  };
}

/**
 * The launcher's own rule, checked before the host's and the promises'. The
 * answers every profile gets (clone3 and io_uring → ENOSYS, setting rlimits →
 * EPERM) are @hsandbox/bpf's ALWAYS_DENIED, appended by rulesFor.
 */
export function launcherRules(exec: "pinned" | "any", execPathAddress: bigint): Rule[] {
  return [
    exec === "pinned"
      ? {
          syscall: "execve",
          action: { kind: "allow" },
          when: [{ arg: 0, test: { op: "eq", value: execPathAddress } }],
          why: "the launcher's one execve of the interpreter (path pointer pinned; Landlock allows executing only the interpreter)",
        }
      : {
          syscall: "execve",
          action: { kind: "allow" },
          why: "which files may be executed is Landlock's EXECUTE right",
        },
  ];
}
