// hnode's seccomp allowlist, measured: every syscall node (v20.20.2, x86_64)
// made after the launcher's execve, under strace -f, in
//   - every e2e case (packages/hnode/test/cases/*, as root and as uid 65534,
//     with the options each case gives: the permission-model cases and their
//     -kernel twins, -s, -t, -x, --on-violation errno):
//       strace -f -qq -o /tmp/x node packages/hnode/dist/bin.js <case options> \
//         packages/hnode/test/cases/<case>/main.js <case args>
//   - the interactive cases (test/repl.e2e.test.ts: node's REPL in tmux, the
//     refused escapes, Ctrl-D, process.exit; a program on a pipe, with args),
//   - the bare corpus tools/corpus/data/hnode.json (node tools/corpus/trace.mjs
//     --host hnode: the tape tests of nine npm packages),
//   - tools/learn/workloads/node-* under the launcher (hello, fs, timers,
//     crypto, zlib, a 20 MB JSON, ESM imports, worker_threads), with and
//     without Node's permission model.
// hnode promises nothing by default: these rules are the whole policy,
// together with what core adds for every host (the pinned execve of the
// interpreter; for a session without a script the terminal ioctls;
// @hsandbox/bpf's ALWAYS_DENIED answers: clone3, io_uring and openat2 →
// ENOSYS, setting rlimits → EPERM). -x adds the promises proc and exec
// (profile.ts, execPromises). Anything else is the filter's default action
// (kill, or EPERM with --on-violation=errno). Each rule says which workload
// needed it; count them with `node tools/corpus/width.mjs`.
//
// Names are x86_64's, where these were measured; on arm64 node makes the *at
// forms (faccessat, mkdirat, unlinkat, ...), which are not listed here.
import {
  type ConstantName,
  constant,
  eq,
  errno,
  flagsSubsetOf,
  oneOf,
  type Rule,
  type SyscallName,
  selfSignalRules,
  THREAD_CLONE_FLAGS,
} from "@hsandbox/bpf";

const c = (name: ConstantName): bigint => constant(name);
const allow = { kind: "allow" } as const;
const EACCES = Number(c("EACCES"));
const EINVAL = Number(c("EINVAL"));
const ENOSYS = Number(c("ENOSYS"));
const ENOTTY = Number(c("ENOTTY"));
const EPERM = Number(c("EPERM"));

// PROT_BTI (0x10) is arm64's "this code is BTI-guarded" (its loader adds it;
// constant() knows it on arm64 only); x86_64 rejects the bit with EINVAL. The
// same mask as @hsandbox/bpf's prot_exec.
const PROT_BTI = 0x10n;
const PROT_RWX = c("PROT_READ") | c("PROT_WRITE") | c("PROT_EXEC") | PROT_BTI;
/** getpriority's `which` (linux/resource.h); not among @hsandbox/bpf's constants. */
const PRIO_PROCESS = 0n;

/** Allowed whatever the arguments. */
const always = (syscall: SyscallName, why: string): Rule => ({ syscall, action: allow, why });
/** Answered with an errno whatever the arguments. */
const answer = (syscall: SyscallName, e: number, why: string): Rule => ({ syscall, action: errno(e), why });

/**
 * chmod, chown and utimes are not Landlock rights: the kernel checks only that
 * the caller owns the file, wherever it is. Allowed, they would let a script
 * change any file its user owns (~/.bashrc, ~/.ssh), write grants or not; a
 * root-started launcher keeps euid 0 and so owns every root-owned file. The
 * fd forms are no safer: an fd opened for reading is enough. Answered EPERM
 * (what the kernel says to a non-owner): fs.chmod/chown/utimes throw an error
 * the script can catch (cases write-denied-kernel, writes-every-kind-kernel,
 * fs-in-grant-kernel); fs.copyFile, which copies the mode with fchmod,
 * fails with EPERM too (libuv gives up on it).
 */
export const FILE_ATTRIBUTE_CALLS = [
  "chmod",
  "fchmod",
  "fchmodat",
  "fchmodat2",
  "chown",
  "fchown",
  "lchown",
  "fchownat",
  "utime",
  "utimes",
  "futimesat",
  "utimensat",
] as const satisfies readonly SyscallName[];

/**
 * The rules. Built per process: signalling itself (abort(), process.kill of
 * its own pid, node re-raising a fatal signal) is pinned to this pid, the
 * launcher's, which is the script's (the launcher execs the interpreter in
 * its own process), as core pins it for the stdio promise.
 */
export function hnodeRules(selfPid: number): Rule[] {
  return [
    // --- every run: the dynamic loader, glibc and node's startup (corpus: all workloads; every case)
    always("access", "ld.so: /etc/ld.so.preload (every run; ENOENT); fs.access/existsSync (fs-in-grant, corpus)"),
    always("pread64", "ld.so reads ELF program headers (every run); fs reads at a position (fs-in-grant, corpus)"),
    {
      syscall: "arch_prctl",
      action: allow,
      when: [oneOf(0, [c("ARCH_SET_FS"), c("ARCH_GET_FS")])],
      why: "glibc's TLS setup, ARCH_SET_FS (every run)",
    },
    always("set_tid_address", "glibc startup (every run)"),
    always("set_robust_list", "glibc startup and every new thread (every run)"),
    always("rseq", "glibc startup and every new thread (every run)"),
    {
      syscall: "prlimit64",
      action: allow,
      when: [eq(0, 0), eq(2, 0)],
      why: "getrlimit of itself: RLIMIT_STACK for each thread's stack, RLIMIT_NOFILE (every run); setting any limit is EPERM (ALWAYS_DENIED), and node goes on with the limit it has",
    },
    always("getrandom", "seeds at startup (every run: flags 0 and GRND_NONBLOCK); crypto.randomBytes (process-and-os)"),
    always("capget", "node asks at startup whether it holds capabilities (every run; it holds none); read-only"),
    always("uname", "node and libuv at startup (every run); os.release/version/machine (process-and-os)"),
    always(
      "sysinfo",
      "node asks the machine's memory at startup (every run); os.uptime/freemem/totalmem (process-and-os)",
    ),
    always(
      "sched_getaffinity",
      "node counts the CPUs it may use (every run); os.availableParallelism (process-and-os, memory-usage-and-cpus)",
    ),
    always("readlink", "node resolves /proc/self/exe (every run); fs.readlink, fs.realpath (fs-in-grant)"),
    always("getcwd", "process.cwd() and path.resolve (every run; corpus: resolve)"),
    always("getpid", "node at startup and libuv's signal handling (every run)"),
    always("gettid", "node's threads at startup (every run)"),
    always("getppid", "process.ppid (proc-secrets, proc-secrets-kernel)"),
    always("getuid", "node's startup as uid 65534 (every case as uid 65534); process.getuid (home-and-user)"),
    always("geteuid", "node's startup as uid 65534 (every case as uid 65534); process.geteuid"),
    always("getgid", "node's startup as uid 65534 (every case as uid 65534); process.getgid"),
    always("getegid", "node's startup as uid 65534 (every case as uid 65534); process.getegid"),
    always("getgroups", "process.getgroups() (process-and-os)"),
    always("getrusage", "process.cpuUsage() and process.resourceUsage() (process-and-os)"),
    always("umask", "process.umask() (process-and-os)"),
    {
      syscall: "getpriority",
      action: allow,
      when: [eq(0, PRIO_PROCESS), eq(1, 0)],
      why: "os.getPriority() of itself, getpriority(PRIO_PROCESS, 0) (process-and-os); another process's is refused",
    },
    answer(
      "setpriority",
      EPERM,
      "os.setPriority() throws EPERM (process-and-os): changing priorities is acting on processes, and was a kill before",
    ),
    {
      syscall: "prctl",
      action: allow,
      when: [eq(0, c("PR_SET_NAME"))],
      why: "process.title = ... names the main thread (process-and-os)",
    },
    answer("prctl", EINVAL, "any other prctl option answers 'invalid' (none was seen)"),
    // Clocks are read through the vDSO, which strace cannot see: counted with
    // gdb breakpoints on the vDSO's entry points (bare node on the learn
    // workload node-timers: clock_gettime 1970 calls, time 8, clock_getres 1,
    // gettimeofday 1). Where the clock source has no vDSO support, glibc makes
    // the syscall instead, and a kill there would end every run.
    always(
      "clock_gettime",
      "timers, performance.now(), Date.now() (every run; the vDSO's: counted with gdb, not strace)",
    ),
    always("clock_getres", "once a run (the vDSO's: counted with gdb on node-timers, bare)"),
    always("gettimeofday", "once a run (the vDSO's: counted with gdb on node-timers, bare)"),
    always("time", "a few calls a run (the vDSO's: counted with gdb on node-timers, bare)"),
    always("exit", "a thread ends (every run)"),
    always("exit_group", "the end of every run, process.exit()"),

    // --- memory: V8's heap and JIT, glibc's malloc (every run)
    always("brk", "malloc's heap (every run)"),
    always("munmap", "V8 and malloc free mappings (every run)"),
    {
      syscall: "mmap",
      action: allow,
      when: [flagsSubsetOf(2, PROT_RWX)],
      why: "V8's heap and code-space reservations (PROT_NONE, then committed), malloc, ld.so mapping node's libraries read+execute (every run); executable memory as @hsandbox/bpf's prot_exec allows it for JIT compilers: the webassembly case compiles and runs code",
    },
    {
      syscall: "mprotect",
      action: allow,
      when: [flagsSubsetOf(2, PROT_RWX)],
      why: "V8 commits its reservations (PROT_READ|PROT_WRITE) and makes JIT code pages PROT_READ|PROT_WRITE|PROT_EXEC (every run: V8 compiles at startup); ld.so's RELRO (PROT_READ)",
    },
    {
      syscall: "madvise",
      action: allow,
      when: [oneOf(2, [c("MADV_DONTNEED"), c("MADV_DONTFORK")])],
      why: "V8 and malloc give pages back (MADV_DONTNEED), V8 keeps its heap out of children (MADV_DONTFORK) (every run)",
    },
    answer(
      "madvise",
      EINVAL,
      "any other advice answers 'invalid' (none was seen; advice is a hint: V8 and glibc fall back to MADV_DONTNEED or do without)",
    ),
    answer(
      "mremap",
      Number(c("ENOMEM")),
      "never seen in any workload above; glibc's realloc of a large block tries it and, refused, allocates, copies and frees, so it is answered rather than killed",
    ),
    answer(
      "pkey_alloc",
      ENOSYS,
      "V8 probes memory protection keys (every run); without them it protects JIT code with mprotect, as on CPUs without PKU (pkey_mprotect stays denied)",
    ),

    // --- threads: libuv's pool, V8's platform workers, worker_threads
    {
      syscall: "clone",
      action: allow,
      when: [eq(0, THREAD_CLONE_FLAGS)],
      why: "exactly glibc's pthread_create flags (every run: libuv's pool and V8's workers start at once; worker-kernel); clone3 answers ENOSYS first (ALWAYS_DENIED) and glibc falls back to this. A process (fork) is not a thread: with -x the proc promise adds it",
    },
    always("futex", "thread waits and wake-ups (every run)"),
    always("sched_yield", "a thread gives way to another (case webassembly as uid 65534; a program read from a pipe)"),

    // --- the event loop and descriptors
    always("epoll_create1", "libuv's event loop (every run)"),
    always("epoll_ctl", "libuv's event loop (every run)"),
    always("epoll_pwait", "libuv's event loop (every run)"),
    always("eventfd2", "libuv's async wake-ups (every run)"),
    always("pipe2", "libuv's signal pipe (every run)"),
    always("read", "the boot, the script, its modules, stdin, files the script reads (every run)"),
    always("write", "stdout and stderr, files under write grants (every run)"),
    always("close", "every run"),
    always("fstat", "libuv and fs on a descriptor (every run)"),
    always(
      "newfstatat",
      "glibc's fstat (AT_EMPTY_PATH) (every run); realpath's lstat of each component (home-and-user)",
    ),
    always("statx", "fs.stat/lstat/fstat and the module loader (every run; corpus: 38,000 calls)"),
    always("lseek", "fs reading at the current position (corpus: qs, resolve; process-and-os)"),
    {
      syscall: "fcntl",
      action: allow,
      when: [oneOf(1, [c("F_GETFD"), c("F_SETFD"), c("F_GETFL"), c("F_SETFL")])],
      why: "libuv sets close-on-exec and non-blocking on its descriptors, node checks that fds 0-2 are open (every run)",
    },
    answer("fcntl", EINVAL, "no other fcntl command was seen (locks, leases, pipe sizes, F_DUPFD)"),
    {
      syscall: "ioctl",
      action: allow,
      when: [oneOf(1, [c("TCGETS"), c("TIOCGWINSZ"), c("FIONBIO")])],
      why: "isatty() on stdio, the terminal's size, libuv's non-blocking mode (every run; the REPL cases)",
    },
    {
      syscall: "ioctl",
      action: errno(ENOTTY),
      when: [eq(1, c("TIOCGPTN"))],
      why: "TIOCGPTN → ENOTTY: libuv asks whether a terminal on stdio is a pty master (it is not: ENOTTY is a slave's answer), then keeps the descriptor it has (a script with its stdio on a terminal, under script(1); the REPL cases); without it node died of SIGSYS whenever stdout was a terminal",
    },
    {
      syscall: "ioctl",
      action: errno(EPERM),
      when: [oneOf(1, [c("TCSETS"), c("TCSETSW"), c("TCSETSF")])],
      why: "TCSETS/TCSETSW/TCSETSF → EPERM for scripts: node restores the terminal's modes at exit when stdin is a terminal and accepts EPERM (as under macOS's sandbox); setRawMode fails readably (a script with its stdio on a terminal, under script(1)). An interactive session (no script) allows them first (the REPL cases)",
    },
    // When node's stdio are sockets (a parent node's spawn, socket activation;
    // corpus: all workloads, run by measure.mjs with socket stdio), node asks
    // what they are before wrapping them in streams.
    always(
      "getsockname",
      "node inspects stdio sockets it inherited (corpus: all workloads; every case); new sockets cannot be made",
    ),
    {
      syscall: "getsockopt",
      action: allow,
      when: [eq(1, c("SOL_SOCKET")), eq(2, c("SO_TYPE"))],
      why: "getsockopt(fd, SOL_SOCKET, SO_TYPE) only: stream or datagram, for node's stdio sockets (corpus: all workloads; every case)",
    },
    answer(
      "getsockopt",
      EPERM,
      "any other option (process.report.getReport() asks buffer sizes, process-and-os) is refused readably",
    ),
    answer(
      "getpeername",
      EPERM,
      "process.report.getReport() asks the peer of stdio (process-and-os): refused readably, the report goes on",
    ),
    answer(
      "socket",
      EACCES,
      "no network and no local sockets: net, dgram, http, dns, fetch, the inspector and os.networkInterfaces fail with EACCES the script can catch (network*, inspector, process-and-os)",
    ),

    // --- files (Landlock decides which paths; Node's permission model too, unless --no-node-permission)
    always(
      "openat",
      "require, import, fs.open/readFile/writeFile, /dev/null (every run); Landlock answers EACCES outside the grants (read-passwd-kernel, write-denied-kernel, proc-secrets-kernel, writes-every-kind-kernel)",
    ),
    always("getdents64", "fs.readdir and fs.opendir (learn workload node-fs, fs-in-grant)"),
    always("chdir", "process.chdir() (process-and-os); Landlock still decides what is read"),
    always("mkdir", "fs.mkdir, fs.mkdtemp (fs-in-grant; EACCES outside the grants: writes-every-kind-kernel)"),
    always("rmdir", "fs.rmdir, fs.rm recursive (fs-in-grant)"),
    always("unlink", "fs.unlink, fs.rm (fs-in-grant; EACCES outside: write-denied-kernel, writes-every-kind-kernel)"),
    always("rename", "fs.rename (fs-in-grant; EACCES outside: writes-every-kind-kernel)"),
    always("link", "fs.link (fs-in-grant; EACCES outside: writes-every-kind-kernel)"),
    always("symlink", "fs.symlink (fs-in-grant; EACCES outside: writes-every-kind-kernel)"),
    always("ftruncate", "fs.truncate/ftruncate, fs.writeFile's flag r+ (fs-in-grant)"),
    always("fsync", "fs.fsync, FileHandle.sync (fs-in-grant)"),
    always("fdatasync", "fs.fdatasync, FileHandle.datasync (fs-in-grant)"),
    always("pwrite64", "fs.write at a position (fs-in-grant)"),
    always("readv", "fs.readv (fs-in-grant)"),
    always(
      "writev",
      "fs.writev, write streams that were corked (fs-in-grant); stdout written in pieces (corpus: deep-equal/test/cmp, qs/test/stringify)",
    ),
    always("preadv", "fs.readv at a position, FileHandle.readv (fs-in-grant)"),
    always("pwritev", "fs.writev at a position, write streams with a start (fs-in-grant)"),
    always("statfs", "fs.statfs (fs-in-grant)"),
    always("fstatfs", "fs.copyFile asks whether the destination is a CIFS share after fchmod fails (fs-in-grant)"),
    ...FILE_ATTRIBUTE_CALLS.map((syscall) =>
      answer(
        syscall,
        EPERM,
        "modes, owners and times are the owner's to change anywhere (no Landlock right limits them to the write grants): refused, see FILE_ATTRIBUTE_CALLS (write-denied-kernel, writes-every-kind-kernel, fs-in-grant-kernel)",
      ),
    ),
    answer(
      "inotify_init1",
      EPERM,
      "fs.watch throws EPERM (fs-in-grant): inotify watches are not Landlock rights (a watch tells when any readable file is used); fs.watchFile polls with stat instead. It was a kill before",
    ),

    // --- signals
    always("rt_sigaction", "node's and libuv's handlers (every run)"),
    always("rt_sigprocmask", "threads start with signals blocked (every run)"),
    always(
      "rt_sigreturn",
      "returning from a handler: SIGCHLD (exec-with-x), a script's own process.on(signal) (process-and-os), SIGWINCH in the REPL",
    ),
    ...selfSignalRules(selfPid).map((r) => ({
      ...r,
      why: "signals to itself only: process.kill(process.pid) (process-and-os, kill-self), abort() (abort, memory-bomb: V8's heap limit), node re-raising a fatal signal (kill-self); another process's pid is the default action (signal-kill-mode, signals-outside)",
    })),
  ];
}

/**
 * What child_process needs once -x lets a script run programs beneath its
 * directory (HostProfile.execRules; the proc and exec promises add fork and
 * execve). Without -x none of these is reached: Node's permission model
 * refuses child_process first, and without it (--no-node-permission) the
 * socketpair is the default action (child-process-kernel).
 */
export const HNODE_EXEC_RULES: readonly Rule[] = [
  {
    syscall: "socketpair",
    action: allow,
    when: [eq(0, c("AF_UNIX"))],
    why: "child_process's stdio pair (exec-with-x)",
  },
  always("shutdown", "child_process closes its end of the stdio pair (exec-with-x)"),
  always("dup2", "child_process's child moves the stdio pair onto 0-2 before its execve (exec-with-x)"),
  always("wait4", "child_process reaps its child (exec-with-x; with no child it answers ECHILD)"),
];
