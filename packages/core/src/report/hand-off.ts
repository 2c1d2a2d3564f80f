// The launcher's side of violation reporting (on by default; --no-report).
//
// A refused system call must never be silent, and naming it needs a process
// outside the sandbox: the kernel tells a seccomp listener (the filter's
// default action is SECCOMP_RET_USER_NOTIF), and the listener's holder names
// the call, then stops the script (reporter.ts). That process must cost the
// script's start as little as possible, so it is not a parent the launch
// waits for:
//   1. right after the command line is read, the launcher starts a second copy
//      of its bin (H_INTERNAL_REPORTER set, one end of a socketpair as fd 3),
//      detached in its own session; it boots on the other core while this
//      launcher discovers, plans and applies;
//   2. the launcher installs its filter with SECCOMP_FILTER_FLAG_NEW_LISTENER
//      and sends the listener over the socket (SCM_RIGHTS): the descriptor is
//      then in flight, held by the socket, and the launcher does not wait for
//      the reporter to take it;
//   3. it execs the interpreter, as without a reporter. The listener and the
//      socket are close-on-exec: the interpreter holds neither.
// The one sendmsg is the launcher's own call under the filter; the rule that
// allows it is pinned like the interpreter's execve: this descriptor, this
// message's address, MSG_NOSIGNAL. A refused call made before the reporter
// has booted waits in the kernel until it has. If the reporter is gone
// (killed, crashed), the kernel fails refused calls with ENOSYS: still
// refused, but no longer named, and the script is no longer stopped.
import { createRequire } from "node:module";
import type { Rule } from "@hsandbox/bpf";
import { HostError, SyscallError } from "../errors.js";
import { libc } from "../ffi.js";
import { k, sysnr } from "../kernel.js";
import { reporterRule } from "../plan/seccomp.js";
import { fdMessage } from "./fd-message.js";

export const REPORTER_ENV = "H_INTERNAL_REPORTER";
/** The descriptor the reporter finds its end of the socket on. */
export const REPORTER_SOCKET_FD = 3;

export type OnViolation = "kill" | "errno";

export interface ReportHandOff {
  /** The launcher's rule for its one sendmsg, checked with launcherRules. */
  readonly rules: readonly Rule[];
  /** Installs the filter (replaces apply/seccomp's installFilter) and sends the listener to the reporter. */
  install(filter: { readonly fprog: Buffer }): void;
}

const NO_REPORT_HINT = "--no-report runs without the reporting process (a refused call then kills silently)";

/** Starts the reporting process; returns the hand-off the launch uses. */
export function startReporter(host: string, onViolation: OnViolation): ReportHandOff {
  const c = libc();
  const sv = Buffer.alloc(8);
  if (c.socketpair(k("AF_UNIX"), k("SOCK_SEQPACKET") | k("SOCK_CLOEXEC"), 0, sv) !== 0) {
    throw new HostError(`cannot start the reporting process: socketpair failed (errno ${c.errno()})`, NO_REPORT_HINT);
  }
  const mine = sv.readInt32LE(0);
  const theirs = sv.readInt32LE(4);
  // Loaded here: node:child_process costs a few ms, and only this path needs it.
  const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  // One V8 worker thread instead of four: it runs no JavaScript worth
  // optimising in the background, and its threads count against the uid's
  // RLIMIT_NPROC (plan/nproc.ts REPORTER_TASKS).
  const child = spawn(process.execPath, [...process.execArgv, "--v8-pool-size=1", process.argv[1] as string], {
    // No stdio: it takes the script's stderr when it has something to say
    // (reporter.ts), so a pipe on stderr ends when the script does.
    stdio: ["ignore", "ignore", "ignore", theirs],
    // Its own session: a terminal's Ctrl-C or Ctrl-Z is for the script, and
    // must not stop the one process that can name its refused calls.
    detached: true,
    // One libuv pool thread (the ESM loader reads the bin through the pool):
    // its tasks count against the uid's RLIMIT_NPROC (plan/nproc.ts REPORTER_TASKS).
    env: { ...process.env, UV_THREADPOOL_SIZE: "1", [REPORTER_ENV]: `${process.pid}:${onViolation}` },
  });
  c.close(theirs);
  child.on("error", () => {});
  if (child.pid === undefined) {
    c.close(mine);
    throw new HostError("cannot start the reporting process", NO_REPORT_HINT);
  }
  child.unref();

  const message = fdMessage(c.address);
  const flags = k("MSG_NOSIGNAL");
  const lost = Buffer.from(`${host}: the reporting process went away before the script started; ${NO_REPORT_HINT}\n`);
  return {
    rules: [reporterRule(mine, c.address(message.msg), flags)],
    install(filter) {
      const listener = c.sysU32U32Ptr(
        sysnr("seccomp"),
        k("SECCOMP_SET_MODE_FILTER"),
        k("SECCOMP_FILTER_FLAG_NEW_LISTENER"),
        filter.fprog,
      );
      if (listener < 0) {
        const e = c.errno();
        throw new SyscallError("seccomp(SECCOMP_SET_MODE_FILTER, NEW_LISTENER)", e, `errno ${e}`, NO_REPORT_HINT);
      }
      // From here on: one sendmsg (pinned above), then execve (launch.ts).
      message.setFd(listener);
      if (c.sendmsg(mine, message.msg, flags) < 0) {
        c.write(2, lost, lost.length);
        c.exit(1);
      }
    },
  };
}
