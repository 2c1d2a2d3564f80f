// hpython's seccomp allowlist, measured: every syscall python3 made after the
// launcher's execve, under strace, in
//   - every e2e case (packages/hpython/test/cases/*, as root and as uid 65534,
//     with each case's own flags: -t, -s, --site, --allow-read, --env TZ,
//     --report, --on-violation errno), run by pyenv's 3.11.7 as root (the
//     python3 on PATH here) and by Debian's 3.11.2 as uid 65534 (pyenv's
//     tree under /root is not readable to it):
//       strace -f -qq -o /tmp/x node packages/hpython/dist/bin.js <case options> \
//         packages/hpython/test/cases/<case>/main.py <case args>
//     and a session like the REPL cases' (test/repl.e2e.test.ts): `hpython -i`
//     in tmux with TERM=xterm (expressions, the refused escapes, a thread,
//     Tab, history keys, Ctrl-C, a resize, exit(4)), and programs on a pipe
//     (`echo 'print(6*7)' | hpython`, `... | hpython - a b`);
//   - the bare corpus tools/corpus/data/hpython.json (CPython 3.11.2's own
//     tests run by Debian's /usr/bin/python3.11; node tools/corpus/trace.mjs
//     --host hpython), then the sandboxed corpus (node tools/corpus/measure.mjs
//     --host hpython, whose --report names any refused call).
// intersected with hpython's envelope: threads yes (clone with exactly
// glibc's pthread flags), but no new processes, no exec after the first, no
// sockets but socketpair's, no chmod/chown/utime/xattr writes, no anonymous
// executable memory, nothing done to other processes.
// hpython promises nothing: these rules are the whole policy, with what core
// adds for every host (the pinned execve of the interpreter; for a prompt the
// terminal ioctls; @hsandbox/bpf's ALWAYS_DENIED answers: clone3, io_uring
// and openat2 → ENOSYS, setting rlimits → EPERM). Anything else is the
// filter's default action (kill, or EPERM with --on-violation=errno).
// Syscalls seen only as failing probes are answered with an errno, never
// allowed. Count with `node tools/corpus/width.mjs`.
import {
  constant,
  eq,
  errno,
  flagsSubsetOf,
  maskedEq,
  oneOf,
  type Rule,
  selfSignalRules,
  THREAD_CLONE_FLAGS,
} from "@hsandbox/bpf";

const c = constant;
const allow = { kind: "allow" } as const;
const EACCES = Number(c("EACCES"));
const ECHILD = Number(c("ECHILD"));
const EINVAL = Number(c("EINVAL"));
const ENOSYS = Number(c("ENOSYS"));
const EPERM = Number(c("EPERM"));

// PROT_BTI (arm64): glibc's loader adds it to BTI-marked libraries there;
// x86_64 rejects the bit, so allowing it in a mask is harmless (as in
// @hsandbox/bpf's stdio group).
const PROT_BTI = 0x10n;
const PROT_RW = c("PROT_READ") | c("PROT_WRITE");
const PROT_RX = c("PROT_READ") | c("PROT_EXEC") | PROT_BTI;
const PROT_EXEC = c("PROT_EXEC");
const MAP_ANONYMOUS = c("MAP_ANONYMOUS");

/** Allowed whatever the arguments. */
const always = (syscall: Rule["syscall"], why: string): Rule => ({ syscall, action: allow, why });
/** Answered with an errno, never allowed. */
const answer = (syscall: Rule["syscall"], e: number, why: string): Rule => ({ syscall, action: errno(e), why });

/**
 * chmod and utimes are not Landlock rights: the kernel checks only that the
 * caller owns the file, wherever it is. Allowed, they would let a script make
 * any file its user owns (~/.bashrc, ~/.ssh) world-writable or change its
 * times, write grants or not; a root-started launcher keeps euid 0 and so
 * owns every root-owned file (/etc, the standard library). The fd forms are
 * no safer: an fd opened for reading is enough. So they are answered, never
 * allowed: EPERM is what the kernel says to a non-owner, and Python reports
 * it as PermissionError (os.chmod, os.utime); Path.touch falls back to
 * opening the file; shutil copies the data and skips the metadata (boot.py).
 * chown is the same, and worse as euid 0 (tarfile extracting as root hands
 * each member to its recorded owner; sqlite hands its journals to the
 * database's owner and ignores the answer).
 */
export const FILE_ATTRIBUTE_CALLS = [
  "chmod",
  "fchmod",
  "fchmodat",
  "fchmodat2",
  "utime",
  "utimes",
  "futimesat",
  "utimensat",
  "chown",
  "fchown",
  "lchown",
  "fchownat",
] as const;

/**
 * Extended attributes are written under the same owner check as chmod, with
 * no Landlock right (Landlock's WRITE_FILE does not cover them): allowed, a
 * script could set or remove user.* attributes on any file its user owns, and
 * a root-started launcher (euid 0) trusted.* and security.* ones (security
 * labels, file capabilities) on root's. CPython's tests and shutil's
 * _copyxattr call them (fsetxattr killed test_os and test_shutil); EPERM is
 * what the kernel says to a non-owner, and Python raises PermissionError.
 * Reading them is allowed below (like stat, it reveals metadata any user can
 * already read with getfattr, not contents).
 */
export const XATTR_WRITE_CALLS = [
  "setxattr",
  "lsetxattr",
  "fsetxattr",
  "setxattrat",
  "removexattr",
  "lremovexattr",
  "fremovexattr",
  "removexattrat",
] as const;

/**
 * Changing identity: never a gain (no capabilities, no_new_privs, securebits
 * locked), but a root-started launcher keeps euid 0, whose setuid would make
 * every uid the same again. Answered EPERM, as the kernel answers an
 * unprivileged caller: test_os calls os.setreuid/os.setregid (and, as a
 * non-root real uid, os.setuid(0)) expecting OSError.
 */
const SET_ID_CALLS = [
  "setuid",
  "setgid",
  "setreuid",
  "setregid",
  "setresuid",
  "setresgid",
  "setfsuid",
  "setfsgid",
  "setgroups",
] as const;

export const HPYTHON_RULES: readonly Rule[] = [
  // --- every run: the dynamic loader and glibc's startup (corpus: all 84 workloads; case hello)
  always("access", "ld.so: /etc/ld.so.preload (every run; ENOENT)"),
  always("pread64", "ld.so reads ELF program headers (every run); sqlite reads pages (case write-tmp-with-t)"),
  always("pwrite64", "sqlite writes pages of a database file (case write-tmp-with-t)"),
  {
    syscall: "arch_prctl",
    action: allow,
    when: [oneOf(0, [c("ARCH_SET_FS"), c("ARCH_GET_FS")])],
    why: "glibc's TLS setup, ARCH_SET_FS (every run)",
  },
  always("set_tid_address", "glibc startup (every run)"),
  always("set_robust_list", "glibc startup and every new thread (every run; case threads)"),
  always("rseq", "glibc startup and every new thread (every run; case threads)"),
  {
    syscall: "prlimit64",
    action: allow,
    when: [eq(0, 0), eq(2, 0)],
    why: "getrlimit of itself: RLIMIT_STACK at startup (every run), RLIMIT_NOFILE (test_fcntl, test_selectors, test_zipfile), resource.getrlimit (hpython's CPU and memory messages: cases cpu-limit-message, memory-limit-message); setting is EPERM (ALWAYS_DENIED: test.support's SuppressCrashReport in test_tempfile, test_threading)",
  },
  always(
    "getrandom",
    "hash randomisation at startup (every run), os.urandom, random, secrets, uuid4 (test_random, test_secrets, test_uuid)",
  ),
  always("sysinfo", "CPython's startup (every run)"),
  always("readlink", "CPython computes its prefix from its own path at startup (every run; EINVAL on a non-link)"),
  always("gettid", "CPython's startup and threading.get_native_id (every run; case threads)"),
  always("getpid", "os.getpid: tempfile names, test.support, logging records (55 workloads)"),
  always("getuid", "os.getuid (test_os, test_tarfile, test_shutil, test_pathlib: 27 workloads)"),
  always("geteuid", "os.geteuid: tarfile and tests ask whether they run as root (25 workloads)"),
  always("getgid", "os.getgid (test_os, test_tarfile: 25 workloads)"),
  always("getegid", "os.getegid (test_os, test_tarfile: 24 workloads)"),
  always("getppid", "os.getppid (test_os, test_uuid; cases proc-secrets, ctypes-ptrace)"),
  always("getcwd", "os.getcwd, pathlib's absolute paths (55 workloads; cases args, multiprocessing-pool)"),
  always("uname", "os.uname, platform (test_os, test_time, test_zipfile, test_uuid: 10 workloads)"),
  always("umask", "os.umask: tempfile and tarfile modes (test_os, test_pathlib, test_tarfile, test_uuid)"),
  always(
    "times",
    "os.times (test_os); not answered: glibc's times() returns a failed call's -errno as a time, so os.times() would print garbage instead of failing",
  ),
  answer(
    "getgroups",
    ENOSYS,
    "os.getgroups only (test_os; nothing in the standard library uses it), which raises OSError",
  ),
  always(
    "getpgrp",
    "os.getpgrp (test_zipfile; the REPL cases: os.tcsetpgrp(0, os.getpgrp()) is refused at the ioctl, not here)",
  ),
  // --- memory (every run; memory-bomb gets ENOMEM from RLIMIT_DATA)
  always("brk", "malloc's heap (every run; ENOMEM at the data limit: cases memory-bomb, memory-limit-message)"),
  always("munmap", "ld.so, malloc and mmap.mmap free mappings (every run)"),
  always("mremap", "realloc of large blocks, mmap.resize (test_mmap, test_pickle, test_re: 7 workloads)"),
  always("madvise", "glibc frees a finished thread's stack (MADV_DONTNEED: 16 workloads), mmap.madvise (test_mmap)"),
  always("msync", "mmap.flush (test_mmap)"),
  {
    syscall: "mmap",
    action: errno(EPERM),
    when: [maskedEq(2, PROT_EXEC, PROT_EXEC), maskedEq(3, MAP_ANONYMOUS, MAP_ANONYMOUS)],
    why: "no anonymous executable memory, answered rather than killed: libffi (ctypes callbacks) tries it first and, refused, falls back to mapping a temp file, which Landlock denies without -t; so `import ctypes` and calls into libraries work while callbacks fail with MemoryError (case ctypes-callback)",
  },
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "data mappings: malloc, thread stacks, mmap.mmap, sqlite (every run); never executable",
  },
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RX), maskedEq(3, MAP_ANONYMOUS, 0)],
    why: "ld.so maps libpython's dependencies and lib-dynload extension modules read+execute from files (every run); mmap.mmap(prot=PROT_EXEC) of a file (test_mmap); never writable and executable, never anonymous code",
  },
  {
    syscall: "mprotect",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "ld.so's RELRO (PROT_READ, every run), thread stack guards (threads: test_threading, case threads)",
  },
  {
    syscall: "mprotect",
    action: errno(EPERM),
    why: "making memory executable is refused, answered rather than killed (a library that wants an executable stack fails to load with an error; case raw-syscall-sweep)",
  },
  {
    syscall: "memfd_create",
    action: errno(EPERM),
    why: "libffi's second try for executable memory (a writable file mapped twice), refused like the first (cases ctypes-callback, memfd-execveat); os.memfd_create (test_os)",
  },
  // --- threads (case threads; test_threading, test_queue, asyncio, concurrent.futures)
  {
    syscall: "clone",
    action: allow,
    when: [eq(0, THREAD_CLONE_FLAGS)],
    why: "threading: exactly glibc's pthread_create flags (same memory, files, signal handlers, thread group; no fork, no namespaces, no ptrace); clone3 answers ENOSYS so glibc falls back to this (case threads; 15 workloads)",
  },
  always("futex", "locks and condition variables, the GIL (every run)"),
  always("exit", "a thread ends (case threads; 15 workloads)"),
  always(
    "sched_getaffinity",
    "asyncio's default executor sizes itself by the CPUs it may use (case asyncio-socketpair)",
  ),
  // --- descriptors and files (Landlock decides which paths)
  always("read", "the boot script, the script, modules, files the script opens (every run)"),
  always("write", "stdout and stderr, files under write grants (every run)"),
  always("close", "every run"),
  always("lseek", "io's buffered files ask their position (every run)"),
  always(
    "openat",
    "open(), imports, tempfile (O_TMPFILE, O_EXCL), os.open with dir_fd (every run); Landlock answers EACCES outside the grants (cases write-denied, read-secret, proc-secrets)",
  ),
  always("newfstatat", "os.stat, fstat of every opened file, the import system's path checks (every run)"),
  always("getdents64", "os.listdir, os.scandir, the import system's directory caches (every run)"),
  always("faccessat2", "os.access(effective_ids=True): glibc's faccessat (test_zipfile)"),
  always(
    "statfs",
    "os.statvfs, shutil.disk_usage (test_os, test_shutil, test_pickle; case ctypes-callback: libffi looks for a place to map)",
  ),
  answer("fstatfs", ENOSYS, "os.fstatvfs only (test_os); os.statvfs by path is allowed"),
  always("chdir", "os.chdir (test_os, test_glob, test_shutil, test_tarfile, test_zipfile: 9 workloads)"),
  answer("fchdir", ENOSYS, "os.fchdir only (test_os); os.chdir by path is allowed"),
  always("mkdir", "os.mkdir, tempfile.mkdtemp (16 workloads; case file-metadata-with-t)"),
  always("rmdir", "os.rmdir, shutil.rmtree (16 workloads; case file-metadata-with-t)"),
  always("unlink", "os.remove, tempfile cleanup (33 workloads; cases writes-every-kind, huge-file-write)"),
  always("unlinkat", "shutil.rmtree removes by directory descriptor (13 workloads; case file-metadata-with-t)"),
  always("rename", "os.rename, os.replace (test_os, test_shutil, test_logging: 7 workloads; case writes-every-kind)"),
  always("link", "os.link (test_os, test_shutil, test_tarfile: 7 workloads)"),
  always("symlink", "os.symlink (test_os, test_pathlib, test_shutil, test_tarfile: 9 workloads)"),
  {
    syscall: "mknodat",
    action: allow,
    when: [maskedEq(2, c("S_IFMT"), c("S_IFIFO"))],
    why: "os.mkfifo (test_pathlib, test_shutil, test_stat; cases writes-every-kind, answers-not-kills); FIFOs only (Landlock's MAKE_FIFO right decides where)",
  },
  {
    syscall: "mknodat",
    action: errno(EPERM),
    why: "device nodes and sockets by mknod are never needed (os.mknod; cases writes-every-kind, answers-not-kills, raw-syscall-sweep)",
  },
  always(
    "ftruncate",
    "file.truncate, tempfile, mmap, zipfile (test_os, test_tempfile, test_mmap, test_tarfile, test_zipfile)",
  ),
  always("truncate", "os.truncate by path (test_os)"),
  always("fsync", "os.fsync, gzip, sqlite commits (test_os, test_gzip)"),
  always("fdatasync", "os.fdatasync, sqlite commits (test_os)"),
  always("sendfile", "shutil.copyfile copies with sendfile on Linux (test_shutil, test_os; case file-metadata-with-t)"),
  answer(
    "copy_file_range",
    ENOSYS,
    "os.copy_file_range only (test_os, whose tests skip on ENOSYS: the answer of a kernel without it; case answers-not-kills); shutil copies with sendfile",
  ),
  answer("splice", ENOSYS, "os.splice only (test_os, whose tests skip on ENOSYS)"),
  answer("readv", ENOSYS, "os.readv only (test_os); nothing in the standard library uses it"),
  always("writev", "os.writev (test_os); glibc writes its fatal-error messages with it"),
  always(
    "dup",
    "CPython 3.8-3.10 check that fds 0-2 are valid with dup() at startup (pyenv 3.8.18, 3.9.18, 3.10.13: every run; pyenv.e2e); os.dup",
  ),
  answer(
    "open",
    EACCES,
    "the legacy open(2): glibc always uses openat; CPython 3.13's mimalloc opens /proc/sys/vm/overcommit_memory with it and does without (pyenv 3.13.0, every run; pyenv.e2e)",
  ),
  always("dup2", "os.dup2 (test_os, test_logging)"),
  always("dup3", "os.dup2(inheritable=False) (test_os)"),
  answer(
    "close_range",
    ENOSYS,
    "os.closerange tries it first and, answered ENOSYS, closes the descriptors one by one (test_os; case answers-not-kills)",
  ),
  always("pipe2", "os.pipe (test_fcntl, test_os, test_select, test_signal: 25 workloads; case multiprocessing-pool)"),
  answer(
    "eventfd2",
    ENOSYS,
    "os.eventfd only (test_os; case answers-not-kills); nothing in the standard library uses it",
  ),
  always("flock", "fcntl.flock (test_fcntl)"),
  always("getxattr", "os.getxattr, shutil.copystat's _copyxattr (test_os, test_shutil)"),
  always("lgetxattr", "os.getxattr(follow_symlinks=False), shutil.copystat (test_os, test_shutil)"),
  always("fgetxattr", "os.getxattr on a descriptor (test_os)"),
  always("listxattr", "os.listxattr, shutil.copystat's _copyxattr (test_os, test_shutil)"),
  always("llistxattr", "shutil.copystat of a symlink (test_shutil)"),
  always("flistxattr", "os.listxattr on a descriptor (test_os)"),
  {
    syscall: "fcntl",
    action: allow,
    when: [oneOf(1, [c("F_GETFD"), c("F_SETFD"), c("F_GETFL"), c("F_SETFL"), c("F_DUPFD"), c("F_DUPFD_CLOEXEC")])],
    why: "descriptor flags and duplication: ld.so's check of fds 0-2 as root, os.dup, os.set_inheritable, os.set_blocking (every run)",
  },
  {
    syscall: "fcntl",
    action: allow,
    when: [
      oneOf(1, [c("F_GETLK"), c("F_SETLK"), c("F_SETLKW"), c("F_OFD_GETLK"), c("F_OFD_SETLK"), c("F_OFD_SETLKW")]),
    ],
    why: "record locks: fcntl.lockf (test_fcntl), sqlite3 on a file (case write-tmp-with-t)",
  },
  {
    syscall: "fcntl",
    action: allow,
    when: [oneOf(1, [c("F_GETPIPE_SZ"), c("F_SETPIPE_SZ")])],
    why: "a pipe's buffer size (test_fcntl; case answers-not-kills); the kernel bounds it per user (pipe-max-size, pipe-user-pages-soft)",
  },
  {
    syscall: "fcntl",
    action: errno(EINVAL),
    why: "any other command answers EINVAL: directory notification F_NOTIFY (it killed test_fcntl; case answers-not-kills), leases, signal-driven I/O",
  },
  {
    syscall: "ioctl",
    action: allow,
    when: [oneOf(1, [c("TCGETS"), c("TIOCGWINSZ"), c("TIOCGPGRP"), c("FIONBIO"), c("FIOCLEX"), c("FIONCLEX")])],
    why: "isatty() and the window size (io's buffering, every run); which group owns the terminal, os.tcgetpgrp (test_os, test_zipfile); os.set_blocking and os.set_inheritable on sockets (asyncio, test_os, test_signal; case asyncio-socketpair)",
  },
  {
    syscall: "ioctl",
    action: errno(EPERM),
    when: [eq(1, c("TIOCSPGRP"))],
    why: "os.tcsetpgrp: no foreground-group changes, as at a prompt (core's terminal rules; test_os). Every other request is the filter's default action: TIOCSTI, TIOCLINUX, TIOCSCTTY are attacks (cases terminal-tiocsti, terminal-open, raw-syscall-sweep)",
  },

  // --- waiting and events
  always(
    "poll",
    "select.poll, and a socket with a timeout waits with poll (test_select, test_selectors, test_logging, test_os: 21 workloads)",
  ),
  always(
    "pselect6",
    "select.select (test_select, test_selectors, test_signal, test_logging); readline waits for a key (-i, the repl cases)",
  ),
  always("epoll_create1", "asyncio's and selectors' default selector (44 workloads; case asyncio-socketpair)"),
  always(
    "epoll_ctl",
    "asyncio's and selectors' default selector (asyncio tests, test_selectors; case asyncio-socketpair)",
  ),
  always(
    "epoll_wait",
    "asyncio's and selectors' default selector (asyncio tests, test_selectors; case asyncio-socketpair)",
  ),
  // --- socketpair's sockets: the only ones the script can have
  {
    syscall: "socket",
    action: errno(EACCES),
    why: "no sockets (socketpair is the one way to get one), answered rather than killed: glibc's user lookups try nscd's Unix socket first and fall back; libuuid asks an AF_INET socket for a MAC address and falls back to a random node (case uuid1); network code fails with PermissionError instead of dying (cases network-*, ctypes-socket)",
  },
  {
    syscall: "socketpair",
    action: allow,
    when: [eq(0, c("AF_UNIX"))],
    why: "socket.socketpair, asyncio's self-pipe (asyncio tests, test_selectors, test_signal, test_logging; case asyncio-socketpair): a connected pair of local sockets, like a pipe",
  },
  always(
    "getsockname",
    "Python's socket objects ask their address (socket.socketpair, asyncio's self-pipe; case asyncio-socketpair)",
  ),
  always("getpeername", "socket objects on socketpair's pair (test_selectors, test_signal, test_os)"),
  {
    syscall: "sendto",
    action: allow,
    when: [eq(4, 0)],
    why: "socket.send on a connected pair, no destination address (asyncio's self-pipe; case asyncio-socketpair)",
  },
  always("recvfrom", "socket.recv on a connected pair (asyncio's self-pipe; case asyncio-socketpair)"),
  always("shutdown", "socket.shutdown on a pair (test_logging, test_os)"),
  // --- signals
  always("rt_sigaction", "CPython installs its handlers at startup; signal.signal (every run)"),
  always(
    "rt_sigprocmask",
    "threads block signals while they start (case threads); readline around terminal mode switches (-i); signal.pthread_sigmask (test_signal)",
  ),
  always(
    "rt_sigreturn",
    "returning from a signal handler (test_signal, test_selectors, test_os; readline's SIGWINCH and SIGINT at the -i prompt; case cpu-limit-message)",
  ),
  always("sigaltstack", "faulthandler's alternate stack (17 workloads)"),
  answer(
    "rt_sigpending",
    ENOSYS,
    "signal.sigpending only (test_signal): answered, not allowed, to keep the allowlist within 100 with dup for CPython 3.8-3.10; signal.sigpending raises OSError",
  ),
  always("rt_sigtimedwait", "signal.sigwait, sigtimedwait (test_signal)"),
  always("pause", "signal.pause (test_signal)"),
  always("alarm", "signal.alarm (test_signal, test_selectors)"),
  always("setitimer", "signal.setitimer (test_signal)"),
  always("getitimer", "signal.getitimer (test_signal)"),
  always("restart_syscall", "a wait resumed after a signal handler (test_threading)"),
  // process.pid: this module is loaded by the launcher that execs python3
  // (a --report child is a launcher of its own), and execve keeps the pid.
  ...selfSignalRules(process.pid).map((r) => ({
    ...r,
    why: "signals to itself only (the launcher's pid, kept by execve): os.kill(os.getpid()), signal.raise_signal, pthread_kill (test_signal, test_threading); hpython's own SIGXCPU message re-raises the signal (cases signals-to-itself, cpu-limit-message)",
  })),
  // Signalling any other process is the filter's default action, kill (case
  // signal-kill-mode; signals-outside with --on-violation errno): in the
  // corpus only tests signalling the subprocesses they could not start do it.
  answer(
    "pidfd_send_signal",
    EPERM,
    "no pidfds can exist here (pidfd_open is refused); EPERM is what test_signal expects of an unprivileged caller (it killed test_signal; case answers-not-kills)",
  ),
  // --- time (clock_gettime for the realtime and monotonic clocks is in the vDSO)
  always("clock_nanosleep", "time.sleep, threading timeouts (15 workloads; case sleep-forever)"),
  always("clock_gettime", "time.process_time, time.thread_time: CPU clocks are not in the vDSO (test_time)"),
  always("clock_getres", "time.clock_getres (test_time)"),
  answer(
    "clock_settime",
    EPERM,
    "setting the clock: EPERM, as for any process without CAP_SYS_TIME (test_time expects it; case answers-not-kills)",
  ),
  // --- answers for probes: refused without a kill
  answer(
    "wait4",
    ECHILD,
    "no children can exist: test.support.reap_children and asyncio's child watchers call waitpid(-1, WNOHANG) (asyncio tests, 26 workloads; case answers-not-kills)",
  ),
  answer("chroot", EPERM, "os.chroot (test_os calls it on a missing path and expects OSError; case answers-not-kills)"),
  answer("prctl", EPERM, "no prctl operation was seen in a run that passes (case raw-syscall-sweep)"),
  answer("setpriority", EPERM, "os.setpriority changes scheduling of a process (test_os); refused, with getpriority"),
  answer("getpriority", EPERM, "os.getpriority (test_os; case answers-not-kills), refused with setpriority"),
  ...SET_ID_CALLS.map((syscall) =>
    answer(
      syscall,
      EPERM,
      "identity changes are refused, as for an unprivileged caller (test_os; cases answers-not-kills, raw-syscall-sweep): see SET_ID_CALLS",
    ),
  ),
  ...FILE_ATTRIBUTE_CALLS.map((syscall) =>
    answer(
      syscall,
      EPERM,
      "modes, times and owners are the owner's to change anywhere (no Landlock right limits them to the write grants): refused, see FILE_ATTRIBUTE_CALLS (test_os, test_shutil, test_tarfile; case file-metadata-with-t)",
    ),
  ),
  ...XATTR_WRITE_CALLS.map((syscall) =>
    answer(
      syscall,
      EPERM,
      "extended attributes are the owner's to change anywhere, security labels included (no Landlock right limits them): refused, see XATTR_WRITE_CALLS (test_os, test_shutil; case xattr-with-t)",
    ),
  ),
  // --- the end
  always("exit_group", "the end of every run"),
];
