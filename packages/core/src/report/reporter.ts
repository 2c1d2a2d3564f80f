// The reporting process: the second copy of the bin that hand-off.ts starts
// beside every launch (H_INTERNAL_REPORTER=<launcher pid>:<kill|errno>, its
// end of the socket on fd 3). It runs outside the sandbox, in its own
// session, and
//   1. receives the seccomp listener (recvmsg, SCM_RIGHTS); end of file
//      instead means the launcher stopped before its filter (a refusal, an
//      error): nothing to report;
//   2. waits on the listener (poll). Each notification is a call the filter
//      refused, made by the script or, in hsh, by any process it started;
//   3. names the call (its number and arguments, and the path, read from the
//      caller's memory, for calls that take one) and what would allow it,
//      on the script's stderr, *before* the caller is stopped, so the lines
//      come before the calling shell's prompt;
//   4. default: stops the caller's whole process with SIGSYS, the signal
//      seccomp's own kill gives, so exit statuses stay what they are without
//      a reporter; with SIGKILL when the caller has SIGSYS blocked, ignored
//      or caught (and half a second after a SIGSYS that did not end it, or
//      at its next refused call). The refused call itself is never
//      answered: it cannot run. With
//      --on-violation errno: answers EPERM, and names each refused system
//      call once;
//   5. exits when no process uses the filter any more (POLLHUP).
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { type Arch, AUDIT_ARCH, syscallName, X32_SYSCALL_BIT } from "@hsandbox/bpf";
import { libc } from "../ffi.js";
import { errno, hostArch, k, sysnr } from "../kernel.js";
import type { HostProfile } from "../profile.js";
import { adviceFor } from "./advice.js";
import { fdMessage } from "./fd-message.js";
import { formatCall, PATH_ARG } from "./format.js";
import { type OnViolation, REPORTER_ENV, REPORTER_SOCKET_FD } from "./hand-off.js";

export interface ReporterRequest {
  readonly launcherPid: number;
  readonly onViolation: OnViolation;
}

/** Set by hand-off.ts; read once and removed. Malformed means "not started by a launcher". */
export function reporterRequest(env: NodeJS.ProcessEnv = process.env): ReporterRequest | "malformed" | undefined {
  const v = env[REPORTER_ENV];
  if (v === undefined) return undefined;
  delete env[REPORTER_ENV];
  const m = /^([1-9]\d*):(kill|errno)$/.exec(v);
  if (m === null) return "malformed";
  return { launcherPid: Number(m[1]), onViolation: m[2] as OnViolation };
}

export interface RefusedCall {
  readonly pid: number;
  readonly nr: number;
  readonly name: string;
  readonly args: readonly bigint[];
  readonly path?: string;
}

/** struct seccomp_notif (80 bytes) → the call. `foreign`: made through another ABI (i386's int 0x80, x32). */
export function parseNotif(buf: Buffer, arch: Arch): { id: bigint; call: RefusedCall; foreign: boolean } {
  const nr = buf.readUInt32LE(16);
  const callArch = buf.readUInt32LE(20);
  const args = [0, 1, 2, 3, 4, 5].map((i) => buf.readBigUInt64LE(32 + 8 * i));
  const x32 = arch === "x86_64" && nr >= X32_SYSCALL_BIT;
  const other = callArch !== AUDIT_ARCH[arch];
  const name = other
    ? `${foreignArchName(callArch)}_syscall_${nr}`
    : x32
      ? `x32_syscall_${nr - X32_SYSCALL_BIT}`
      : (syscallName(arch, nr) ?? `syscall_${nr}`);
  return { id: buf.readBigUInt64LE(0), call: { pid: buf.readUInt32LE(8), nr, name, args }, foreign: other || x32 };
}

function foreignArchName(auditArch: number): string {
  return auditArch === 0x40000003 ? "i386" : `arch_0x${auditArch.toString(16)}`;
}

/** Printable on a terminal: C0 and C1 controls and DEL escaped (the text comes from the script). */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A NUL-terminated string from another process's memory (its launcher was our parent; we may read it). */
function readString(pid: number, address: bigint): string | undefined {
  if (address === 0n) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(`/proc/${pid}/mem`, "r");
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, Number(address));
    const end = buf.subarray(0, n).indexOf(0);
    return printable(buf.subarray(0, end < 0 ? n : end).toString("utf8"));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** What /proc/<tid>/status says of a notifying thread: its process, and whether SIGSYS would end it. */
export function threadStatus(status: string, tid: number, sigsys: number): { tgid: number; sigsysKills: boolean } {
  const tgid = /^Tgid:\s*(\d+)$/m.exec(status);
  const bit = 1n << BigInt(sigsys - 1);
  // Blocked (this thread), ignored or caught (the process): SIGSYS would not end it now.
  const held = ["SigBlk", "SigIgn", "SigCgt"].some((f) => {
    const m = new RegExp(`^${f}:\\s*([0-9a-f]+)$`, "m").exec(status);
    return m === null || (BigInt(`0x${m[1]}`) & bit) !== 0n;
  });
  return { tgid: tgid ? Number(tgid[1]) : tid, sigsysKills: !held };
}

function statusOf(tid: number, sigsys: number): { tgid: number; sigsysKills: boolean } {
  try {
    return threadStatus(readFileSync(`/proc/${tid}/status`, "utf8"), tid, sigsys);
  } catch {
    return { tgid: tid, sigsysKills: false };
  }
}

export function describeRefusal(profile: HostProfile, call: RefusedCall): [string, string] {
  const advice = adviceFor(call.name, profile, call.args);
  return [`${formatCall(call.name, call.args, call.path)}  [syscall ${call.nr}]`, advice.text];
}

const GRACE_MS = 500;
const MAX_ERRNO_LINES = 50;

export function runReporter(profile: HostProfile, req: ReporterRequest): never {
  const c = libc();
  const arch: Arch = hostArch();
  const host = profile.name;
  const message = fdMessage(c.address);
  const got = c.recvmsg(REPORTER_SOCKET_FD, message.msg, k("MSG_CMSG_CLOEXEC"));
  const listener = got > 0 ? message.receivedFd() : undefined;
  c.close(REPORTER_SOCKET_FD);
  if (listener === undefined) process.exit(0);

  // This process holds no stdio of its own (hand-off.ts): a pipe on the
  // script's stderr must see its end when the script ends, not when this
  // process does. The lines go to the script's stderr, taken when there is
  // something to say (pidfd_getfd): the interpreter's, or, once it has
  // exited (hsh's background jobs), the caller's. Our parent is the
  // interpreter while it lives, so its pid cannot have been reused.
  const interpreter = process.ppid === req.launcherPid ? c.sysIntU32(sysnr("pidfd_open"), req.launcherPid, 0) : -1;
  const say = (lines: readonly string[], callerPidfd: number) => {
    const text = lines.map((l) => `${host}: ${l}\n`).join("");
    for (const pidfd of [interpreter, callerPidfd]) {
      if (pidfd < 0) continue;
      const fd = c.sysIntIntU32(sysnr("pidfd_getfd"), pidfd, 2, 0);
      if (fd < 0) continue;
      try {
        writeSync(fd, text);
        return;
      } catch {
        // closed, a full non-blocking pipe, a reader gone: try the next
      } finally {
        c.close(fd);
      }
    }
  };

  const RECV = k("SECCOMP_IOCTL_NOTIF_RECV");
  const SEND = k("SECCOMP_IOCTL_NOTIF_SEND");
  const ID_VALID = k("SECCOMP_IOCTL_NOTIF_ID_VALID");
  const POLLIN = k("POLLIN");
  const SIGSYS = k("SIGSYS");
  const SIGKILL = k("SIGKILL");
  const EPERM = errno("EPERM");
  const EINTR = errno("EINTR");

  /** Processes being stopped: pidfd (no pid reuse can misdirect SIGKILL) and deadline. */
  const stopping = new Map<number, { pidfd: number; deadline: number }>();
  const named = new Set<string>();
  const signal = (pidfd: number, sig: number) => c.sysIntIntPtrU32(sysnr("pidfd_send_signal"), pidfd, sig, null, 0);
  const finish = (tgid: number) => {
    const s = stopping.get(tgid);
    if (s === undefined) return;
    signal(s.pidfd, SIGKILL);
    c.close(s.pidfd);
    stopping.delete(tgid);
  };
  const stillWaiting = (id: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(id, 0);
    return c.ioctlPtr(listener, ID_VALID, b) === 0;
  };

  const receive = () => {
    const buf = Buffer.alloc(80); // the kernel wants it zeroed
    if (c.ioctlPtr(listener, RECV, buf) < 0) return; // ENOENT: the caller died meanwhile
    const { id, call: raw, foreign } = parseNotif(buf, arch);
    const pathArg = foreign ? undefined : PATH_ARG[raw.name];
    const path = pathArg !== undefined && pathArg >= 0 ? readString(raw.pid, raw.args[pathArg] ?? 0n) : undefined;
    const call: RefusedCall = path !== undefined ? { ...raw, path } : raw;
    const [what, advice] = foreign
      ? [
          `${formatCall(call.name, call.args)}  [another ABI]`,
          `a call through another ABI (i386's int 0x80, or x32): ${host} never allows one, whatever the flags`,
        ]
      : describeRefusal(profile, call);

    const { tgid, sigsysKills } = statusOf(call.pid, SIGSYS);
    // Another ABI's calls are always killed, as without a reporter (never EPERM).
    if (req.onViolation === "errno" && !foreign) {
      if (!named.has(call.name) && named.size < MAX_ERRNO_LINES) {
        named.add(call.name);
        const pidfd = c.sysIntU32(sysnr("pidfd_open"), tgid, 0);
        say([`refused with EPERM (--on-violation errno): ${what}`, `  ${advice}`], pidfd);
        if (pidfd >= 0) c.close(pidfd);
      }
      const resp = Buffer.alloc(24);
      resp.writeBigUInt64LE(id, 0);
      resp.writeInt32LE(-EPERM, 16);
      c.ioctlPtr(listener, SEND, resp);
      return;
    }

    if (stopping.has(tgid)) {
      finish(tgid); // a second refused call while SIGSYS is pending: it caught or ignored it
      return;
    }
    const pidfd = c.sysIntU32(sysnr("pidfd_open"), tgid, 0);
    if (pidfd < 0 || !stillWaiting(id)) {
      if (pidfd >= 0) c.close(pidfd);
      return; // already gone
    }
    say([`the script was stopped: it made a system call ${host} does not allow`, `  ${what}`, `  ${advice}`], pidfd);
    // SIGSYS, as seccomp's own kill gives, when it will end the process
    // (the exit status is then the same as without a reporter); SIGKILL at
    // once when the caller has SIGSYS blocked (glibc's posix_spawn blocks
    // every signal around its clone), ignored or caught.
    signal(pidfd, sigsysKills ? SIGSYS : SIGKILL);
    stopping.set(tgid, { pidfd, deadline: Date.now() + GRACE_MS });
  };

  const pollfd = Buffer.alloc(8);
  for (;;) {
    pollfd.writeInt32LE(listener, 0);
    pollfd.writeInt16LE(POLLIN, 4);
    pollfd.writeInt16LE(0, 6);
    const r = c.poll(pollfd, 1, stopping.size > 0 ? 50 : -1);
    const now = Date.now();
    for (const [tgid, s] of stopping) if (now >= s.deadline) finish(tgid);
    if (r < 0) {
      if (c.errno() === EINTR) continue;
      break;
    }
    if (r === 0) continue;
    const revents = pollfd.readInt16LE(6);
    if (revents & POLLIN) receive();
    else break; // POLLHUP: no process uses the filter any more
  }
  for (const tgid of [...stopping.keys()]) finish(tgid);
  process.exit(0);
}
