// --report, the confined side. The supervising parent (supervise.ts) started
// this launcher again with REPORT_CHILD_ENV set and two extra descriptors:
// fd 3 to tell it the listener's number, fd 4 to wait for its go-ahead.
//
// The filter is the same as without --report except its default action:
// SECCOMP_RET_USER_NOTIF instead of KILL_PROCESS (or ERRNO). A refused call
// then blocks in the kernel and its number and six arguments go to the
// listener the parent holds; the parent never lets such a call run (it never
// answers with SECCOMP_USER_NOTIF_FLAG_CONTINUE): it kills the caller
// (default) or answers EPERM (--on-violation errno). If the parent is gone,
// the kernel fails every refused call with ENOSYS: still refused.
//
// The listener is created by seccomp(SECCOMP_FILTER_FLAG_NEW_LISTENER) and is
// close-on-exec: the interpreter never holds it. Between the filter and
// execve this side makes exactly two calls the filter allows (stdio's write
// and read): write the listener's number to fd 3, block reading fd 4 until
// the parent has taken a copy with pidfd_getfd(2).
import type { Action } from "@hsandbox/bpf";
import { SyscallError } from "../errors.js";
import { libc } from "../ffi.js";
import { k, sysnr } from "../kernel.js";
import type { Policy } from "../policy.js";

export const REPORT_CHILD_ENV = "H_INTERNAL_REPORT_CHILD";
const NOTIFY_FD = 3;
const ACK_FD = 4;

export interface ReportHandOff {
  /** Installs the filter (replaces apply/seccomp's installFilter) and hands its listener to the parent. */
  install(filter: { readonly fprog: Buffer }): void;
}

/** Set by the supervising parent; read once and removed so it reaches nothing else. */
export function isReportChild(): boolean {
  const v = process.env[REPORT_CHILD_ENV];
  delete process.env[REPORT_CHILD_ENV];
  return v === "1";
}

/** The policy the child applies: refused calls go to the parent instead of killing or failing. */
export function reportChildPolicy(policy: Policy): Policy {
  const defaultAction: Action = { kind: "user-notif" };
  return { ...policy, seccomp: { ...policy.seccomp, defaultAction } };
}

export function prepareHandOff(host: string): ReportHandOff {
  const c = libc();
  const number = Buffer.alloc(4);
  const ack = Buffer.alloc(1);
  const lost = Buffer.from(`${host}: --report: the supervising process went away\n`);
  return {
    install(filter) {
      const fd = c.sysU32U32Ptr(
        sysnr("seccomp"),
        k("SECCOMP_SET_MODE_FILTER"),
        k("SECCOMP_FILTER_FLAG_NEW_LISTENER"),
        filter.fprog,
      );
      if (fd < 0) {
        const e = c.errno();
        throw new SyscallError(
          "seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER)",
          e,
          `errno ${e}`,
          "run without --report",
        );
      }
      // From here on only the two prepared calls, then execve (launch.ts).
      number.writeInt32LE(fd, 0);
      if (c.write(NOTIFY_FD, number, 4) !== 4 || c.read(ACK_FD, ack, 1) !== 1) {
        c.write(2, lost, lost.length);
        c.exit(1);
      }
    },
  };
}
