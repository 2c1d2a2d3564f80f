// --report, the supervising side: this launcher stays outside the sandbox as
// the parent of a second launcher (the same bin, same arguments) that
// confines itself and execs the interpreter (child.ts). The parent
//   1. takes a copy of the child's seccomp listener (pidfd_getfd: a parent may
//      ptrace-access its own child; as root it has CAP_SYS_PTRACE anyway);
//   2. waits for notifications on a libuv worker thread (poll), so its event
//      loop stays free to forward signals and see the child exit;
//   3. on a refused call: records its number and arguments (and, for calls
//      taking a path, the path read from the caller's memory), then kills the
//      caller with SIGKILL — uncatchable, unlike SIGSYS, which a script could
//      handle — or, with --on-violation errno, answers EPERM;
//   4. when the child ends: prints the report and ends the same way (the
//      same exit status, or re-raises the same signal on itself; SIGSYS after
//      a refused call), so callers see what they would see without --report.
//
// Cost (measured, docs/walkthrough.md): a
// second Node start (~60 ms) and a waiting Node process (~45 MB RSS). That is
// why it is a flag and not the default.

import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { constants as osConstants } from "node:os";
import { type Arch, syscallName } from "@hsandbox/bpf";
import { removeOptions } from "../cli.js";
import { libc } from "../ffi.js";
import { errno, hostArch, k, sysnr } from "../kernel.js";
import type { HostProfile } from "../profile.js";
import { adviceFor } from "./advice.js";
import { REPORT_CHILD_ENV } from "./child.js";
import { formatCall, PATH_ARG } from "./format.js";

const SECCOMP_IOCTL_NOTIF_RECV = k("SECCOMP_IOCTL_NOTIF_RECV");
const SECCOMP_IOCTL_NOTIF_SEND = k("SECCOMP_IOCTL_NOTIF_SEND");
const POLLIN = k("POLLIN");
const POLLHUP = k("POLLHUP");
const EPERM = errno("EPERM");
const RLIMIT_CORE = k("RLIMIT_CORE");
const FORWARDED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2", "SIGWINCH"];

export interface RefusedCall {
  readonly pid: number;
  readonly nr: number;
  readonly name: string;
  readonly args: readonly bigint[];
  readonly path?: string;
}

/** struct seccomp_notif (80 bytes) → the call. */
export function parseNotif(buf: Buffer, arch: Arch): { id: bigint; call: RefusedCall } {
  const nr = buf.readInt32LE(16);
  const args = [0, 1, 2, 3, 4, 5].map((i) => buf.readBigUInt64LE(32 + 8 * i));
  return {
    id: buf.readBigUInt64LE(0),
    call: { pid: buf.readUInt32LE(8), nr, name: syscallName(arch, nr) ?? `syscall_${nr}`, args },
  };
}

/** A NUL-terminated string from another process's memory (we may ptrace it: it is our child). */
function readString(pid: number, address: bigint): string | undefined {
  if (address === 0n) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/mem`, "r");
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, Number(address));
    const end = buf.subarray(0, n).indexOf(0);
    return buf.subarray(0, end < 0 ? n : end).toString("utf8");
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function describeRefusal(profile: HostProfile, call: RefusedCall): string[] {
  const advice = adviceFor(call.name, profile, call.args);
  return [`${formatCall(call.name, call.args, call.path)}  [syscall ${call.nr}]`, advice.text];
}

export function reRaise(signal: NodeJS.Signals): never {
  const c = libc();
  const num = osConstants.signals[signal];
  // No core file of this launcher for a signal that dumps core (SIGSYS does).
  c.setrlimit(RLIMIT_CORE, Buffer.alloc(16));
  process.removeAllListeners(signal);
  c.signal(num, 0n);
  process.kill(process.pid, signal);
  // Still alive: a signal whose default is to be ignored (SIGWINCH, SIGCHLD).
  process.exit(128 + num);
}

/**
 * Runs the host under a supervising parent. Never returns normally: the
 * process ends with the child's status.
 */
export function superviseWithReport(profile: HostProfile, argv: readonly string[], onViolation: "kill" | "errno") {
  const host = profile.name;
  const arch: Arch = hostArch();
  const c = libc();
  const say = (line: string) => process.stderr.write(`${host}: --report: ${line}\n`);
  // Loaded here: node:child_process costs a few ms at start-up, and only --report needs it here.
  const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  const childArgv = removeOptions(argv, profile.options ?? {}, (w) => w === "--report");
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...childArgv], {
    stdio: ["inherit", "inherit", "inherit", "pipe", "pipe"],
    env: { ...process.env, [REPORT_CHILD_ENV]: "1" },
  });
  const notify = child.stdio[3] as NodeJS.ReadableStream;
  const ack = child.stdio[4] as NodeJS.WritableStream;
  const refused: RefusedCall[] = [];
  let answered = 0;
  let killed: RefusedCall | undefined;
  let listener = -1;
  let done = false;
  for (const s of FORWARDED) process.on(s, () => child.kill(s));

  const pollfd = Buffer.alloc(8);
  const receive = () => {
    const buf = Buffer.alloc(80);
    if (c.ioctlPtr(listener, SECCOMP_IOCTL_NOTIF_RECV, buf) < 0) return; // ENOENT: the caller died meanwhile
    const { id, call: raw } = parseNotif(buf, arch);
    const pathArg = PATH_ARG[raw.name];
    const path = pathArg !== undefined && pathArg >= 0 ? readString(raw.pid, raw.args[pathArg]!) : undefined;
    const call = path !== undefined ? { ...raw, path } : raw;
    if (onViolation === "errno") {
      const resp = Buffer.alloc(24);
      resp.writeBigUInt64LE(id, 0);
      resp.writeInt32LE(-EPERM, 16);
      c.ioctlPtr(listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
      answered++;
      if (!refused.some((r) => r.name === call.name) && refused.length < 50) refused.push(call);
      return;
    }
    killed ??= call;
    c.kill(call.pid, osConstants.signals.SIGKILL);
  };
  const loop = () => {
    if (done) return;
    pollfd.writeInt32LE(listener, 0);
    pollfd.writeInt16LE(POLLIN, 4);
    pollfd.writeInt16LE(0, 6);
    c.pollAsync(pollfd, 1, 200, (_err, ret) => {
      if (done) return;
      const revents = pollfd.readInt16LE(6);
      if (ret > 0 && revents & POLLIN) receive();
      if (ret > 0 && revents & POLLHUP && !(revents & POLLIN)) return; // no task uses the filter any more
      loop();
    });
  };

  let got = Buffer.alloc(0);
  notify.on("data", (chunk: Buffer) => {
    got = Buffer.concat([got, chunk]);
    if (got.length < 4 || listener >= 0) return;
    const fd = got.readInt32LE(0);
    const pidfd = c.sysIntU32(sysnr("pidfd_open"), child.pid!, 0);
    listener = pidfd < 0 ? -1 : c.sysIntIntU32(sysnr("pidfd_getfd"), pidfd, fd, 0);
    const e = c.errno();
    if (pidfd >= 0) c.close(pidfd);
    if (listener < 0) {
      say(`cannot take the child's seccomp listener (errno ${e}); run without --report`);
      child.kill("SIGKILL");
      done = true;
      process.exitCode = 1;
      return;
    }
    ack.write(Buffer.from([1]));
    loop();
  });
  notify.on("error", () => {});
  ack.on("error", () => {});

  child.on("exit", (code, signal) => {
    done = true;
    if (killed) {
      say(`the script was stopped: it made a system call ${host} does not allow`);
      const [call, advice] = describeRefusal(profile, killed);
      say(`  ${call}`);
      say(`  ${advice}`);
      reRaise("SIGSYS");
    }
    if (refused.length > 0) {
      say(`${answered} system call${answered === 1 ? " was" : "s were"} refused with EPERM (--on-violation errno):`);
      for (const r of refused) {
        const [call, advice] = describeRefusal(profile, r);
        say(`  ${call}: ${advice}`);
      }
    }
    if (signal === "SIGSYS" && listener >= 0) {
      say(
        "the kernel killed the script for a call made outside the filter's dispatch (a foreign ABI: i386 int 0x80 or x32)",
      );
    }
    if (signal) reRaise(signal);
    process.exit(code ?? 1);
  });
  child.on("error", (e) => {
    say(`cannot start the supervised launcher: ${e.message}`);
    process.exit(1);
  });
}
