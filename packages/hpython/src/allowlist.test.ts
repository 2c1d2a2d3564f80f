import {
  type Action,
  callData,
  constant,
  evaluate,
  FORK_CLONE_FLAGS,
  killProcess,
  rulesFor,
  type SyscallName,
  THREAD_CLONE_FLAGS,
} from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { HPYTHON_RULES } from "./allowlist.js";
import profile from "./profile.js";

const c = constant;
// As the launcher compiles them: the host's rules, then ALWAYS_DENIED (no promises).
const RULES = [...HPYTHON_RULES, ...rulesFor([], "x86_64")];

function decide(syscall: SyscallName, ...args: bigint[]): Action {
  return evaluate(RULES, killProcess, callData("x86_64", syscall, ...args), "x86_64");
}
const allowed = { kind: "allow" };
const errnoOf = (name: Parameters<typeof constant>[0]) => ({ kind: "errno", errno: Number(c(name)) });

describe("hpython's measured allowlist", () => {
  it("is the whole policy: no promise groups", () => {
    expect(profile.promises).toEqual([]);
    expect(profile.rules).toBe(HPYTHON_RULES);
  });

  it("names the workload that needed each rule", () => {
    for (const r of HPYTHON_RULES) {
      expect(r.why, r.syscall).toMatch(/test_|case|every run|workloads|see [A-Z_]+/);
    }
  });

  it("allows threads with exactly glibc's pthread flags, never fork or namespaces", () => {
    expect(decide("clone", THREAD_CLONE_FLAGS)).toEqual(allowed);
    expect(decide("clone", FORK_CLONE_FLAGS)).toEqual(killProcess);
    expect(decide("clone", THREAD_CLONE_FLAGS | c("CLONE_NEWUSER"))).toEqual(killProcess);
    expect(decide("clone3")).toEqual(errnoOf("ENOSYS"));
    for (const s of ["fork", "vfork", "execveat", "ptrace", "unshare", "setns"] as const)
      expect(decide(s), s).toEqual(killProcess);
  });

  it("answers sockets EACCES but lets socketpair make a local pair", () => {
    expect(decide("socket", c("AF_INET"), c("SOCK_STREAM"))).toEqual(errnoOf("EACCES"));
    expect(decide("socketpair", c("AF_UNIX"), c("SOCK_STREAM"))).toEqual(allowed);
    expect(decide("socketpair", c("AF_INET"), c("SOCK_STREAM"))).toEqual(killProcess);
    expect(decide("sendto", 3n, 0n, 1n, 0n, 0n)).toEqual(allowed);
    expect(decide("sendto", 3n, 0n, 1n, 0n, 0x1000n)).toEqual(killProcess);
    for (const s of ["connect", "bind", "listen", "accept4"] as const) expect(decide(s), s).toEqual(killProcess);
  });

  it("never makes memory executable except mapping files read+execute", () => {
    const RX = c("PROT_READ") | c("PROT_EXEC");
    const RWX = RX | c("PROT_WRITE");
    expect(decide("mmap", 0n, 4096n, RX, c("MAP_PRIVATE"), 3n)).toEqual(allowed);
    expect(decide("mmap", 0n, 4096n, RX, c("MAP_PRIVATE") | c("MAP_ANONYMOUS"))).toEqual(errnoOf("EPERM"));
    expect(decide("mmap", 0n, 4096n, RWX, c("MAP_PRIVATE"), 3n)).toEqual(killProcess);
    expect(decide("mprotect", 0n, 4096n, c("PROT_READ"))).toEqual(allowed);
    expect(decide("mprotect", 0n, 4096n, RX)).toEqual(errnoOf("EPERM"));
    expect(decide("memfd_create")).toEqual(errnoOf("EPERM"));
  });

  it("signals itself only", () => {
    expect(decide("kill", BigInt(process.pid), 10n)).toEqual(allowed);
    expect(decide("tgkill", BigInt(process.pid), 1n, 10n)).toEqual(allowed);
    expect(decide("kill", 1n, 9n)).toEqual(killProcess);
    expect(decide("kill", 0n, 9n)).toEqual(killProcess);
    expect(decide("kill", -1n, 9n)).toEqual(killProcess);
    expect(decide("pidfd_send_signal")).toEqual(errnoOf("EPERM"));
  });

  it("checks fcntl commands and ioctl requests exactly, answering the rest", () => {
    for (const cmd of [
      "F_GETFD",
      "F_SETFD",
      "F_GETFL",
      "F_SETFL",
      "F_DUPFD_CLOEXEC",
      "F_SETLK",
      "F_GETPIPE_SZ",
    ] as const)
      expect(decide("fcntl", 3n, c(cmd)), cmd).toEqual(allowed);
    for (const cmd of ["F_NOTIFY", "F_SETOWN", "F_SETLEASE", "F_SETSIG"] as const)
      expect(decide("fcntl", 3n, c(cmd)), cmd).toEqual(errnoOf("EINVAL"));
    expect(decide("ioctl", 1n, c("TCGETS"))).toEqual(allowed);
    expect(decide("ioctl", 0n, c("TIOCGPGRP"))).toEqual(allowed);
    expect(decide("ioctl", 0n, c("TIOCSPGRP"))).toEqual(errnoOf("EPERM"));
    expect(decide("ioctl", 0n, c("TIOCSTI"))).toEqual(killProcess);
  });

  it("reads its own rlimits only, and changes none", () => {
    expect(decide("prlimit64", 0n, 3n, 0n, 0x1000n)).toEqual(allowed);
    expect(decide("prlimit64", 0n, 3n, 0x1000n)).toEqual(errnoOf("EPERM"));
    expect(decide("prlimit64", 1n, 3n, 0n, 0x1000n)).toEqual(errnoOf("EPERM"));
  });

  it("answers metadata writes and identity changes EPERM", () => {
    for (const s of [
      "chmod",
      "fchmodat",
      "chown",
      "fchown",
      "utimensat",
      "fsetxattr",
      "setuid",
      "setresuid",
      "chroot",
    ] as const)
      expect(decide(s), s).toEqual(errnoOf("EPERM"));
    expect(decide("mknodat", 0n, 0n, c("S_IFIFO") | 0o600n)).toEqual(allowed);
    expect(decide("mknodat", 0n, 0n, c("S_IFCHR") | 0o600n)).toEqual(errnoOf("EPERM"));
    expect(decide("wait4")).toEqual(errnoOf("ECHILD"));
  });
});
