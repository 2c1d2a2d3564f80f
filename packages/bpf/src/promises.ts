// Promise groups: named sets of seccomp rules in the spirit of OpenBSD's
// pledge(2). A profile promises a few groups ("stdio", "rpath", ...); each
// group lists the syscalls whose meaning matches the promise, with exact
// argument checks where one syscall multiplexes many operations (fcntl, ioctl,
// prctl, mmap, clone, socket, open).
//
// What the filter does with everything not listed: the filter's default
// action, SECCOMP_RET_KILL_PROCESS (the compiler's default; `--on-violation=
// errno` makes it EPERM). A few syscalls are better answered than killed; those
// answers are in ALWAYS_DENIED and every profile gets them.
//
// Names are x86_64's. rulesFor() drops syscalls the target arch does not have
// (aarch64 has no open, stat, fork, pipe, poll, ... only their *at/2 forms,
// which the groups list too), so groups stay one list for both arches.
//
// Argument values used here are the same on x86_64 and aarch64 (the open-flag
// bits we test, O_ACCMODE, O_CREAT, O_TRUNC and __O_TMPFILE, do not move on
// arm64; O_DIRECTORY/O_NOFOLLOW/O_DIRECT/O_LARGEFILE do, and are never tested).
//
// Seccomp sees registers, not memory: it cannot read paths, struct contents
// (clone3's clone_args, openat2's open_how, sendmsg's msghdr) or a sockaddr.
// Paths are Landlock's job; what seccomp cannot check is said in `why`.

import { type ConstantName, constant } from "./constants.js";
import {
  type Arch,
  type ArgPredicate,
  allow,
  eq,
  errno,
  flagsSubsetOf,
  hasNoneOf,
  maskedEq,
  oneOf,
  type Rule,
} from "./rule.js";
import { type SyscallName, syscallNumber } from "./syscalls/index.js";

export type PromiseName =
  | "stdio"
  | "rpath"
  | "wpath"
  | "cpath"
  | "dpath"
  | "tmppath"
  | "fattr"
  | "chown"
  | "flock"
  | "tty"
  | "terminal"
  | "thread"
  | "proc"
  | "exec"
  | "prot_exec"
  | "inet"
  | "unix";

export interface PromiseGroup {
  /** One line of plain English for --explain. */
  readonly summary: string;
  readonly rules: readonly Rule[];
}

const c = (name: ConstantName): bigint => constant(name);
const cs = (...names: ConstantName[]): bigint[] => names.map(c);
const or = (...names: ConstantName[]): bigint => names.reduce((acc, n) => acc | c(n), 0n);

const ENOSYS = Number(c("ENOSYS"));
const EPERM = Number(c("EPERM"));

/** Allow `syscall` when every predicate holds (or always, with none). */
function ok(syscall: SyscallName, when: readonly ArgPredicate[] = [], why?: string): Rule {
  const rule: { syscall: SyscallName; action: typeof allow; when?: readonly ArgPredicate[]; why?: string } = {
    syscall,
    action: allow,
  };
  if (when.length > 0) rule.when = when;
  if (why !== undefined) rule.why = why;
  return Object.freeze(rule);
}
/** Allow each of `syscalls` unconditionally. */
const all = (...syscalls: SyscallName[]): Rule[] => syscalls.map((s) => ok(s));

// --- shared argument sets ---------------------------------------------------

// PROT_BTI (0x10) is arm64's "this code is BTI-guarded": glibc's loader adds it
// when mapping BTI-marked libraries there. x86_64 rejects the bit with EINVAL,
// so allowing it in a mask is harmless on x86_64.
const PROT_BTI = 0x10n;
const PROT_RW = or("PROT_READ", "PROT_WRITE");
const PROT_RX = or("PROT_READ", "PROT_EXEC") | PROT_BTI;
const PROT_RWX = or("PROT_READ", "PROT_WRITE", "PROT_EXEC") | PROT_BTI;

const O_CREATE_ANY = or("O_CREAT", "__O_TMPFILE");
const READ_ONLY_OPEN = (arg: 1 | 2): ArgPredicate[] => [
  maskedEq(arg, c("O_ACCMODE"), c("O_RDONLY")),
  // O_TRUNC truncates even with O_RDONLY on Linux.
  hasNoneOf(arg, or("O_CREAT", "O_TRUNC", "__O_TMPFILE")),
];

/** glibc pthread_create (sysdeps/unix/sysv/linux/pthread_create.c, create_thread). */
export const THREAD_CLONE_FLAGS = or(
  "CLONE_VM",
  "CLONE_FS",
  "CLONE_FILES",
  "CLONE_SYSVSEM",
  "CLONE_SIGHAND",
  "CLONE_THREAD",
  "CLONE_SETTLS",
  "CLONE_PARENT_SETTID",
  "CLONE_CHILD_CLEARTID",
);
/** glibc fork (arch_fork): the child's exit signal is SIGCHLD. */
export const FORK_CLONE_FLAGS = or("CLONE_CHILD_SETTID", "CLONE_CHILD_CLEARTID", "SIGCHLD");
/** glibc vfork on arm64 and posix_spawn: share memory until the child execs or exits. */
export const VFORK_CLONE_FLAGS = or("CLONE_VM", "CLONE_VFORK", "SIGCHLD");

const SOCKET_TYPES = (types: readonly ConstantName[]): bigint[] =>
  types.flatMap((t) =>
    [0n, c("SOCK_NONBLOCK"), c("SOCK_CLOEXEC"), or("SOCK_NONBLOCK", "SOCK_CLOEXEC")].map((f) => c(t) | f),
  );

/** Syscalls on sockets once they exist (shared by inet and unix). */
const SOCKET_OPS = (levels: readonly ConstantName[]): Rule[] => [
  ...all(
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "getsockname",
    "getpeername",
    "sendto",
    "sendmsg",
    "sendmmsg",
    "recvfrom",
    "recvmsg",
    "recvmmsg",
    "shutdown",
  ),
  ok(
    "setsockopt",
    [oneOf(1, levels.map(c))],
    "only the option levels of the sockets this promise can create (no netfilter or packet options)",
  ),
  ok("getsockopt", [oneOf(1, levels.map(c))], "the same option levels as setsockopt"),
];

// --- the groups ------------------------------------------------------------

const stdio: Rule[] = [
  // Ending and restarting.
  ...all("exit", "exit_group", "restart_syscall", "rt_sigreturn"),
  // I/O on descriptors the process already holds.
  ...all("read", "readv", "pread64", "preadv", "preadv2", "write", "writev", "pwrite64", "pwritev", "pwritev2"),
  ...all("close", "close_range", "dup", "dup2", "dup3", "lseek", "fstat", "fsync", "fdatasync", "fchdir"),
  ...all("ftruncate", "fallocate", "fadvise64", "sync_file_range", "getdents64", "fstatfs"),
  ...all("sendfile", "splice", "tee", "vmsplice", "copy_file_range"),
  ok(
    "newfstatat",
    [maskedEq(3, c("AT_EMPTY_PATH"), c("AT_EMPTY_PATH"))],
    'glibc\'s fstat() is fstatat(fd, "", AT_EMPTY_PATH); a non-empty path still resolves (metadata only; rpath allows all stats)',
  ),
  ok(
    "statx",
    [maskedEq(2, c("AT_EMPTY_PATH"), c("AT_EMPTY_PATH"))],
    "statx on a descriptor (AT_EMPTY_PATH), as libc and runtimes do for fstat",
  ),
  ok(
    "fcntl",
    [oneOf(1, cs("F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_DUPFD", "F_DUPFD_CLOEXEC"))],
    "descriptor flags and duplication only; locks are flock, leases/signals/pipe sizes are nobody's",
  ),
  ok(
    "ioctl",
    [oneOf(1, cs("FIONBIO", "FIOCLEX", "FIONCLEX", "TCGETS", "TIOCGWINSZ"))],
    "non-blocking and close-on-exec, and reading terminal settings and size (isatty); TIOCSTI and TIOCLINUX are in no group",
  ),
  // Waiting and events.
  ...all("poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait"),
  ...all("epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "pipe", "pipe2"),
  ok("socketpair", [eq(0, c("AF_UNIX"))], "a connected pair of local sockets, like a pipe"),
  ok(
    "sendto",
    [eq(4, 0)],
    "sending on an already connected socket (no destination address); addressed sends need inet or unix",
  ),
  ...all("recvfrom", "recvmsg", "recvmmsg", "shutdown"),
  // Memory.
  ...all("brk", "munmap", "mremap", "madvise", "mincore", "msync"),
  ok("mmap", [flagsSubsetOf(2, PROT_RW)], "data mappings: never executable without prot_exec"),
  ok(
    "mmap",
    [flagsSubsetOf(2, PROT_RX), maskedEq(3, c("MAP_ANONYMOUS"), 0)],
    "the dynamic loader maps shared libraries read+execute from files after execve; never writable and executable, never anonymous code",
  ),
  ok("mprotect", [flagsSubsetOf(2, PROT_RW)], "RELRO and guard pages; adding PROT_EXEC needs prot_exec"),
  // Signals: handlers, masks, waiting. Sending signals: see rulesFor's selfPid, and proc.
  ...all("rt_sigaction", "rt_sigprocmask", "rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait", "sigaltstack"),
  ...all("signalfd", "signalfd4", "pause", "alarm", "getitimer", "setitimer"),
  // Time.
  ...all("clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "time"),
  ...all("timer_create", "timer_settime", "timer_gettime", "timer_getoverrun", "timer_delete"),
  ...all("timerfd_create", "timerfd_settime", "timerfd_gettime"),
  // Who and where am I.
  ...all("getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid"),
  ...all("getgroups", "getpgrp", "getpgid", "getsid", "getrlimit", "getrusage", "times", "uname", "sysinfo"),
  ...all("umask", "getrandom", "sched_yield", "sched_getaffinity", "getcpu"),
  ok(
    "prlimit64",
    [eq(0, 0), eq(2, 0)],
    "reading one's own limits (getrlimit); setting any limit is answered EPERM (ALWAYS_DENIED)",
  ),
  // Children already running (reaping them; creating them is proc).
  ...all("wait4", "waitid"),
  // Runtime plumbing every libc and runtime uses, threads or not.
  ...all("futex", "set_robust_list", "get_robust_list", "set_tid_address", "rseq"),
  ok("arch_prctl", [oneOf(0, cs("ARCH_SET_FS", "ARCH_GET_FS"))], "x86_64 thread pointer (TLS) setup by libc"),
  ok(
    "prctl",
    [
      oneOf(
        0,
        cs(
          "PR_SET_NAME",
          "PR_GET_NAME",
          "PR_GET_SECCOMP",
          "PR_GET_NO_NEW_PRIVS",
          "PR_SET_NO_NEW_PRIVS",
          "PR_GET_DUMPABLE",
          "PR_CAPBSET_READ",
          "PR_GET_TIMERSLACK",
        ),
      ),
    ],
    "naming threads and reading process state; never PR_SET_SECCOMP, PR_SET_MM, PR_SET_PTRACER, PR_CAP_AMBIENT, PR_SET_SECUREBITS",
  ),
  ok(
    "prctl",
    [eq(0, c("PR_SET_DUMPABLE")), eq(1, 0)],
    "becoming undumpable only (it can only reduce who may ptrace or read /proc/self/mem)",
  ),
  ok(
    "prctl",
    [eq(0, c("PR_SET_VMA")), eq(1, c("PR_SET_VMA_ANON_NAME"))],
    "naming anonymous mappings (allocators and runtimes do it for /proc/self/maps)",
  ),
];

const STAT_FAMILY = ["newfstatat", "stat", "lstat", "statx", "access", "faccessat", "faccessat2"] as const;

const rpath: Rule[] = [
  ok("openat", READ_ONLY_OPEN(2), "open for reading only: no write access, no O_CREAT, O_TRUNC or O_TMPFILE"),
  ok("open", READ_ONLY_OPEN(1), "open for reading only: no write access, no O_CREAT, O_TRUNC or O_TMPFILE"),
  ...all(...STAT_FAMILY, "readlink", "readlinkat", "getcwd", "chdir", "statfs", "fstatfs", "getdents64"),
  ...all("getxattr", "lgetxattr", "fgetxattr", "listxattr", "llistxattr", "flistxattr", "getxattrat", "listxattrat"),
];

const wpath: Rule[] = [
  ok(
    "openat",
    [hasNoneOf(2, O_CREATE_ANY)],
    "open existing files, also for writing (O_TRUNC allowed); creating is cpath",
  ),
  ok("open", [hasNoneOf(1, O_CREATE_ANY)], "open existing files, also for writing; creating is cpath"),
  ...all("truncate", ...STAT_FAMILY, "getcwd"),
];

const cpath: Rule[] = [
  ...all("openat", "open", "creat"),
  ...all("mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2"),
  ...all("link", "linkat", "symlink", "symlinkat"),
];

const dpath: Rule[] = [
  ok("mknodat", [maskedEq(2, c("S_IFMT"), c("S_IFIFO"))], "FIFOs only (mkfifo); device nodes are never needed"),
  ok("mknod", [maskedEq(1, c("S_IFMT"), c("S_IFIFO"))], "FIFOs only (mkfifo); device nodes are never needed"),
];

const tmppath: Rule[] = [
  // Seccomp cannot see paths: this group is what a temp-dir user needs, and
  // Landlock (the -t grant) is what limits it to the temp dir.
  ...all("openat", "open"),
  ...all("mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2"),
  ...all(...STAT_FAMILY, "truncate", "getcwd"),
];

const NO_SET_ID_BITS = or("S_ISUID", "S_ISGID");
const fattr: Rule[] = [
  ok("chmod", [hasNoneOf(1, NO_SET_ID_BITS)], "no set-user-ID or set-group-ID bits"),
  ok("fchmod", [hasNoneOf(1, NO_SET_ID_BITS)], "no set-user-ID or set-group-ID bits"),
  ok("fchmodat", [hasNoneOf(2, NO_SET_ID_BITS)], "no set-user-ID or set-group-ID bits"),
  ok("fchmodat2", [hasNoneOf(2, NO_SET_ID_BITS)], "no set-user-ID or set-group-ID bits"),
  ...all("utime", "utimes", "futimesat", "utimensat"),
];

const chown: Rule[] = [...all("chown", "fchown", "fchownat", "lchown")];

const flock: Rule[] = [
  ok("flock"),
  ok(
    "fcntl",
    [oneOf(1, cs("F_GETLK", "F_SETLK", "F_SETLKW", "F_OFD_GETLK", "F_OFD_SETLK", "F_OFD_SETLKW"))],
    "POSIX and open-file-description record locks",
  ),
];

// TIOCSWINSZ (set the window size) is answered EPERM, in `tty` and in
// `terminal` alike. The two groups used to disagree (tty allowed it, an
// interactive session refused it); refusing was chosen because the window
// size belongs to the user's terminal and outlives the sandbox (every program
// the user runs afterwards would see the size the script set), while nothing
// we run needs it: readline writes back the size it has just read and
// ignores the answer, stty reports the refusal. Reading the size (TIOCGWINSZ)
// is in stdio.
const tty: Rule[] = [
  ok(
    "ioctl",
    [oneOf(1, cs("TCSETS", "TCSETSW", "TCSETSF", "TIOCGPGRP", "TCFLSH", "TCXONC", "TCSBRK"))],
    "terminal modes (raw/cooked, echo), drain/flush; never TIOCSTI (typing into the terminal), TIOCLINUX, TIOCSCTTY",
  ),
  Object.freeze({
    syscall: "ioctl",
    action: errno(EPERM),
    when: [eq(1, c("TIOCSWINSZ"))],
    why: "the window size is the user's terminal's, and outlives the sandbox: refused (reading it is in stdio)",
  }),
];

/** tcflow(fd, TCOON): restart output (asm-generic/termbits.h). */
const TCOON = 1n;
const ENOTTY = Number(c("ENOTTY"));

/**
 * ioctls that change who owns or feeds the terminal: never, in any group.
 * An interactive session lists them first with the filter's default action,
 * so that --explain names them.
 */
export const TERMINAL_NEVER = Object.freeze([
  "TIOCSTI",
  "TIOCLINUX",
  "TIOCSCTTY",
  "TIOCNOTTY",
  "TIOCCONS",
  "TIOCSETD",
] as const);

// What an interactive prompt needs from the terminal it runs on (core puts
// these first in an interactive session; see core/src/repl.ts for how they
// were found with strace on each interpreter's prompt).
const terminal: Rule[] = [
  ok(
    "ioctl",
    [oneOf(1, cs("TCGETS", "TCSETS", "TCSETSW", "TCSETSF", "TIOCGWINSZ", "TIOCGPGRP"))],
    "terminal: line editing switches raw mode on and off (readline: TCSETSW, libuv: TCSETS); window size; bash -i asks which group owns the terminal",
  ),
  ok(
    "ioctl",
    [eq(1, c("TCXONC")), eq(2, TCOON)],
    "terminal: readline restarts output after ^C (tcflow TCOON only; never stops it)",
  ),
  Object.freeze({
    syscall: "ioctl",
    action: errno(EPERM),
    when: [eq(1, c("TIOCSPGRP"))],
    why: "terminal: no foreground-group changes (seccomp cannot see which group; a leftover process could take the terminal back after the sandbox exits); bash -i runs without job control",
  }),
  Object.freeze({
    syscall: "ioctl",
    action: errno(EPERM),
    when: [eq(1, c("TIOCSWINSZ"))],
    why: "terminal: resizing the user's terminal is refused; readline writes back the size it read and ignores the answer",
  }),
  Object.freeze({
    syscall: "ioctl",
    action: errno(ENOTTY),
    when: [eq(1, c("TIOCGPTN"))],
    why: "terminal: libuv asks whether the terminal is a pty master; ENOTTY (a slave's answer) makes node keep the descriptor it has",
  }),
];

const thread: Rule[] = [
  ok(
    "clone",
    [eq(0, THREAD_CLONE_FLAGS)],
    "exactly glibc's pthread_create flags: same memory, files, signal handlers, thread group; no namespaces, no ptrace",
  ),
  ...all("membarrier", "sched_getparam", "sched_getscheduler"),
];

const proc: Rule[] = [
  ok("clone", [eq(0, FORK_CLONE_FLAGS)], "fork() as glibc does it"),
  ok("clone", [eq(0, c("SIGCHLD"))], "plain fork-like clone"),
  ok("clone", [eq(0, VFORK_CLONE_FLAGS)], "vfork()/posix_spawn(): never CLONE_NEW* namespaces"),
  ...all("fork", "vfork"),
  ...all("kill", "tgkill", "tkill"),
  ...all("setpgid", "setsid", "getpriority", "setpriority"),
];

const exec: Rule[] = [
  ok("execve", [], "which programs may run is Landlock's EXECUTE right, not seccomp's"),
  ok("execveat", [], "which programs may run is Landlock's EXECUTE right, not seccomp's"),
];

const prot_exec: Rule[] = [
  ok("mmap", [flagsSubsetOf(2, PROT_RWX)], "executable memory, also anonymous and writable (JIT compilers)"),
  ok("mprotect", [flagsSubsetOf(2, PROT_RWX)], "making memory executable (JIT compilers, executable stacks)"),
];

const inet: Rule[] = [
  ok(
    "socket",
    [
      oneOf(0, [c("AF_INET"), c("AF_INET6")]),
      oneOf(1, SOCKET_TYPES(["SOCK_STREAM", "SOCK_DGRAM"])),
      oneOf(2, [0n, c("IPPROTO_TCP"), c("IPPROTO_UDP")]),
    ],
    "TCP and UDP over IPv4/IPv6 only: no raw, packet, netlink or ping sockets",
  ),
  ...SOCKET_OPS(["SOL_SOCKET", "IPPROTO_IP", "IPPROTO_IPV6", "IPPROTO_TCP", "IPPROTO_UDP"]),
];

const unix: Rule[] = [
  ok(
    "socket",
    [eq(0, c("AF_UNIX")), oneOf(1, SOCKET_TYPES(["SOCK_STREAM", "SOCK_DGRAM", "SOCK_SEQPACKET"])), eq(2, 0)],
    "local (AF_UNIX) sockets; pathname sockets are subject to Landlock, abstract ones to its ABI 6 scope",
  ),
  ...SOCKET_OPS(["SOL_SOCKET"]),
];

const group = (summary: string, rules: Rule[]): PromiseGroup => Object.freeze({ summary, rules: Object.freeze(rules) });

export const PROMISES: Readonly<Record<PromiseName, PromiseGroup>> = Object.freeze({
  stdio: group(
    "Use already-open files, pipes and the terminal; memory, time, signal handlers, and waiting for events.",
    stdio,
  ),
  rpath: group("Read files and directories and their metadata (which ones: the read grants).", rpath),
  wpath: group("Open existing files for writing (which ones: the write grants).", wpath),
  cpath: group("Create, rename and remove files, directories and links (where: the write grants).", cpath),
  dpath: group("Create FIFOs (named pipes).", dpath),
  tmppath: group("Create, write and remove files in the temporary directory (Landlock limits it to there).", tmppath),
  fattr: group("Change file permission bits (never set-ID bits) and timestamps.", fattr),
  chown: group("Change file owner and group (only as far as the kernel permits an unprivileged process).", chown),
  flock: group("Lock files (flock and fcntl record locks).", flock),
  tty: group("Change terminal settings (never the window size: see TIOCSWINSZ).", tty),
  terminal: group("An interactive prompt on the terminal: line editing, window size, no job control.", terminal),
  thread: group("Start threads (exactly the way glibc's pthread_create does).", thread),
  proc: group("Start child processes (fork, vfork, posix_spawn) and signal other processes.", proc),
  exec: group("Run programs (only those Landlock lets it execute).", exec),
  prot_exec: group("Create executable memory at run time (JIT compilers).", prot_exec),
  inet: group("Open TCP and UDP sockets over IPv4 and IPv6 (connect, listen, send, receive).", inet),
  unix: group("Open local (Unix domain) sockets.", unix),
});

export const PROMISE_NAMES: readonly PromiseName[] = Object.freeze(Object.keys(PROMISES) as PromiseName[]);

/**
 * Answers every profile gets (appended after the promised groups' rules).
 * Everything neither promised nor listed here gets the filter's default
 * action, SECCOMP_RET_KILL_PROCESS.
 */
export const ALWAYS_DENIED: readonly Rule[] = Object.freeze([
  Object.freeze({
    syscall: "clone3",
    action: errno(ENOSYS),
    why: "its flags are in memory (struct clone_args), out of seccomp's sight; ENOSYS makes libc fall back to clone, whose flags are checked",
  }),
  ...(["io_uring_setup", "io_uring_enter", "io_uring_register"] as const).map((syscall) =>
    Object.freeze({
      syscall,
      action: errno(ENOSYS),
      why: "io_uring does I/O without the syscalls seccomp sees; ENOSYS makes runtimes fall back to ordinary I/O",
    }),
  ),
  Object.freeze({
    syscall: "openat2",
    action: errno(ENOSYS),
    why: "its flags are in memory (struct open_how), out of seccomp's sight; ENOSYS makes callers fall back to openat",
  }),
  Object.freeze({
    syscall: "prlimit64",
    action: errno(EPERM),
    why: "setting limits (or reading another process's) is refused; reading one's own is in stdio",
  }),
  Object.freeze({ syscall: "setrlimit", action: errno(EPERM), why: "limits are set by the host before exec" }),
] satisfies Rule[]);

export interface RulesForOptions {
  /**
   * The sandboxed process's pid (the host's own pid: execve keeps it). With
   * it, stdio also allows signalling oneself: kill(pid, sig) and
   * tgkill(pid, tid, sig) (raise, abort, pthread_kill). Without it, stdio
   * sends no signals at all. pid 0 (the whole process group) is never
   * allowed by stdio: the group can include other processes of a pipeline.
   * Landlock ABI 6's signal scope confines signals to the sandbox too, and is
   * what confines `proc`, which allows kill/tgkill to any pid.
   */
  readonly selfPid?: number;
}

/** Rules letting a process signal itself (see RulesForOptions.selfPid). */
export function selfSignalRules(pid: number): Rule[] {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`selfSignalRules: bad pid ${pid}`);
  const why = "signals to itself only (raise, abort, pthread_kill)";
  return [ok("kill", [eq(0, pid)], why), ok("tgkill", [eq(0, pid)], why)];
}

const isUnconditional = (r: Rule): boolean => r.when === undefined || r.when.length === 0;

/** Two rules are the same when their keys are equal (one JSON.stringify per rule, not per pair). */
function ruleKey(r: Rule): string {
  return JSON.stringify([r.syscall, r.action, r.when ?? []], bigintJson);
}
function bigintJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

/**
 * The rules for a set of promises on one architecture, ALWAYS_DENIED last.
 *
 * Merging: rules keep the order of the promises and of each group; exact
 * duplicates are dropped; when some group allows a syscall unconditionally,
 * that single rule replaces every argument-checked rule for the syscall (they
 * would be redundant, and an errno fallback after it unreachable). Syscalls
 * the arch does not have are dropped.
 */
export function rulesFor(promises: readonly PromiseName[], arch: Arch, options: RulesForOptions = {}): Rule[] {
  const candidates: Rule[] = [];
  for (const name of new Set(promises)) {
    const g = Object.hasOwn(PROMISES, name) ? PROMISES[name] : undefined;
    if (g === undefined) throw new Error(`unknown promise: ${String(name)}`);
    candidates.push(...g.rules);
    if (name === "stdio" && options.selfPid !== undefined) candidates.push(...selfSignalRules(options.selfPid));
  }
  candidates.push(...ALWAYS_DENIED);

  const present = candidates.filter((r) => syscallNumber(arch, r.syscall) !== undefined);
  const unconditional = new Map<string, Rule>();
  for (const r of present) {
    if (isUnconditional(r) && r.action.kind === "allow" && !unconditional.has(r.syscall)) {
      unconditional.set(r.syscall, r);
    }
  }
  const out: Rule[] = [];
  const emitted = new Set<string>();
  const keys = new Set<string>();
  const unconditionalOut = new Set<string>();
  for (const r of present) {
    const u = unconditional.get(r.syscall);
    if (u !== undefined) {
      if (!emitted.has(r.syscall)) {
        out.push(u);
        emitted.add(r.syscall);
        unconditionalOut.add(r.syscall);
      }
      continue;
    }
    const key = ruleKey(r);
    if (keys.has(key)) continue;
    // After an unconditional rule of any action, later rules are unreachable.
    if (unconditionalOut.has(r.syscall)) continue;
    out.push(r);
    keys.add(key);
    if (isUnconditional(r)) unconditionalOut.add(r.syscall);
  }
  return out;
}
