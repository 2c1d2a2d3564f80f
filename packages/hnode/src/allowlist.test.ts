import {
  type Action,
  callData,
  constant,
  evaluate,
  FORK_CLONE_FLAGS,
  killProcess,
  type PromiseName,
  rulesFor,
  type SyscallName,
  THREAD_CLONE_FLAGS,
} from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { FILE_ATTRIBUTE_CALLS, HNODE_EXEC_RULES, hnodeRules } from "./allowlist.js";
import profile from "./profile.js";

const c = constant;
const SELF = 4242;
const OTHER = 4343;

// As the launcher compiles them: -x's rules, the host's rules, then the promises' (none, or -x's) and ALWAYS_DENIED.
function decide(promises: readonly PromiseName[], syscall: SyscallName, ...args: bigint[]): Action {
  const exec = promises.length > 0 ? HNODE_EXEC_RULES : [];
  const rules = [...exec, ...hnodeRules(SELF), ...rulesFor(promises, "x86_64", { selfPid: SELF })];
  return evaluate(rules, killProcess, callData("x86_64", syscall, ...args), "x86_64");
}
const script = (syscall: SyscallName, ...args: bigint[]) => decide([], syscall, ...args);
const withX = (syscall: SyscallName, ...args: bigint[]) => decide(["proc", "exec"], syscall, ...args);
const allowed = { kind: "allow" };
const errnoOf = (name: Parameters<typeof constant>[0]) => ({ kind: "errno", errno: Number(c(name)) });

describe("hnode's measured allowlist", () => {
  it("is the whole default policy: no promise groups; -x adds proc and exec", () => {
    expect(profile.promises).toEqual([]);
    expect(profile.execPromises).toEqual(["proc", "exec"]);
    expect(profile.rules).toEqual(hnodeRules(process.pid));
  });

  it("names the workload that needed each rule", () => {
    for (const r of hnodeRules(SELF)) {
      expect(r.why, r.syscall).toMatch(
        /every run|case|corpus|kernel|exec-with-x|process-and-os|fs-in-grant|node-|see |seen/,
      );
    }
  });

  it("starts threads with exactly glibc's pthread flags, never processes (unless -x)", () => {
    expect(script("clone", THREAD_CLONE_FLAGS)).toEqual(allowed);
    expect(script("clone", FORK_CLONE_FLAGS)).toEqual(killProcess);
    expect(script("clone", THREAD_CLONE_FLAGS | c("CLONE_NEWUSER"))).toEqual(killProcess);
    expect(script("clone3")).toEqual(errnoOf("ENOSYS"));
    for (const s of ["fork", "vfork", "execveat", "ptrace", "unshare", "setns", "process_vm_readv"] as const)
      expect(script(s), s).toEqual(killProcess);
    expect(withX("clone", FORK_CLONE_FLAGS)).toEqual(allowed);
    expect(withX("wait4", 0n)).toEqual(allowed);
  });

  it("signals only itself; another pid is the default action (unless -x)", () => {
    expect(script("kill", BigInt(SELF), c("SIGTERM"))).toEqual(allowed);
    expect(script("tgkill", BigInt(SELF), 1n, c("SIGABRT"))).toEqual(allowed);
    expect(script("kill", BigInt(OTHER), c("SIGTERM"))).toEqual(killProcess);
    expect(script("kill", 0n, c("SIGTERM"))).toEqual(killProcess);
    expect(script("kill", 0xffffffffffffffffn, c("SIGKILL"))).toEqual(killProcess);
    expect(script("tkill", 1n, c("SIGTERM"))).toEqual(killProcess);
    expect(withX("kill", BigInt(OTHER), c("SIGTERM"))).toEqual(allowed);
  });

  it("keeps JIT memory exactly as prot_exec had it", () => {
    const RWX = c("PROT_READ") | c("PROT_WRITE") | c("PROT_EXEC");
    expect(script("mmap", 0n, 4096n, RWX, c("MAP_ANONYMOUS"))).toEqual(allowed);
    expect(script("mprotect", 0n, 4096n, RWX)).toEqual(allowed);
    expect(script("mprotect", 0n, 4096n, c("PROT_SEM"))).toEqual(killProcess);
    expect(script("pkey_alloc")).toEqual(errnoOf("ENOSYS"));
    expect(script("mremap")).toEqual(errnoOf("ENOMEM"));
    expect(script("pkey_mprotect")).toEqual(killProcess);
  });

  it("checks multiplexed calls exactly and answers unseen values with an errno", () => {
    expect(script("fcntl", 3n, c("F_SETFD"))).toEqual(allowed);
    expect(script("fcntl", 3n, c("F_SETLK"))).toEqual(errnoOf("EINVAL"));
    expect(script("madvise", 0n, 4096n, c("MADV_DONTNEED"))).toEqual(allowed);
    expect(script("madvise", 0n, 4096n, c("MADV_HUGEPAGE"))).toEqual(errnoOf("EINVAL"));
    expect(script("prctl", c("PR_SET_NAME"))).toEqual(allowed);
    expect(script("prctl", c("PR_SET_DUMPABLE"), 1n)).toEqual(errnoOf("EINVAL"));
    expect(script("ioctl", 1n, c("TCGETS"))).toEqual(allowed);
    expect(script("ioctl", 1n, c("TIOCGPTN"))).toEqual(errnoOf("ENOTTY"));
    expect(script("ioctl", 1n, c("TCSETS"))).toEqual(errnoOf("EPERM"));
    expect(script("ioctl", 1n, c("TIOCSTI"))).toEqual(killProcess);
    expect(script("getsockopt", 1n, c("SOL_SOCKET"), c("SO_TYPE"))).toEqual(allowed);
    expect(script("getsockopt", 1n, c("SOL_SOCKET"), 8n /* SO_RCVBUF */)).toEqual(errnoOf("EPERM"));
    expect(script("getpriority", 0n, 0n)).toEqual(allowed);
    expect(script("getpriority", 0n, BigInt(OTHER))).toEqual(killProcess);
    expect(script("prlimit64", 0n, c("RLIMIT_NOFILE"), 0n, 1n)).toEqual(allowed);
    expect(script("prlimit64", 0n, c("RLIMIT_NOFILE"), 1n, 0n)).toEqual(errnoOf("EPERM"));
  });

  it("answers what it refuses by design with an errno the script can catch", () => {
    for (const s of FILE_ATTRIBUTE_CALLS) expect(script(s), s).toEqual(errnoOf("EPERM"));
    expect(script("socket", c("AF_INET"), c("SOCK_STREAM"))).toEqual(errnoOf("EACCES"));
    // child_process's stdio pair only with -x (HNODE_EXEC_RULES).
    expect(script("socketpair", c("AF_UNIX"), c("SOCK_STREAM"))).toEqual(killProcess);
    expect(withX("socketpair", c("AF_UNIX"), c("SOCK_STREAM"))).toEqual(allowed);
    expect(withX("socketpair", c("AF_INET"), c("SOCK_STREAM"))).toEqual(killProcess);
    expect(script("inotify_init1")).toEqual(errnoOf("EPERM"));
    expect(script("setpriority")).toEqual(errnoOf("EPERM"));
    expect(script("getpeername")).toEqual(errnoOf("EPERM"));
    for (const s of ["connect", "bind", "listen", "sendmsg", "setxattr", "mount", "bpf"] as const)
      expect(script(s), s).toEqual(killProcess);
  });
});
