// hlua's seccomp allowlist, measured: every syscall lua5.4 made after the
// launcher's execve, under strace, in
//   - every e2e case (packages/hlua/test/cases/*, as root and as uid 65534):
//       strace -f -qq -o /tmp/x node packages/hlua/dist/bin.js <case options> \
//         packages/hlua/test/cases/<case>/main.lua <case args>
//   - the bare corpus tools/corpus/data/hlua.json (node tools/corpus/trace.mjs --host hlua),
//   - an interactive session in tmux (`hlua -i` with TERM=xterm: expressions,
//     the refused escapes, Tab, history keys, a resize, Ctrl-C) and a program
//     on a pipe (`echo 'print(6*7)' | hlua`, `... | hlua - a b`).
// hlua promises nothing: these rules are the whole policy, together with what
// core adds for every host (the pinned execve of the interpreter; for `-i`
// the terminal ioctls; @hsandbox/bpf's ALWAYS_DENIED answers: clone3,
// io_uring and openat2 → ENOSYS, setting rlimits → EPERM). Anything else is
// the filter's default action (kill, or EPERM with --on-violation=errno).
// Each rule says which workload needed it. Count them with
// `node tools/corpus/width.mjs`.
import { constant, eq, errno, flagsSubsetOf, maskedEq, oneOf, type Rule } from "@hsandbox/bpf";

const c = constant;
const allow = { kind: "allow" } as const;
const EINVAL = Number(c("EINVAL"));
const ENOTTY = Number(c("ENOTTY"));
const EPERM = Number(c("EPERM"));

const PROT_RW = c("PROT_READ") | c("PROT_WRITE");
const PROT_RX = c("PROT_READ") | c("PROT_EXEC");

/** Allowed whatever the arguments. */
const always = (syscall: Rule["syscall"], why: string): Rule => ({ syscall, action: allow, why });

export const HLUA_RULES: readonly Rule[] = [
  // --- every run: the dynamic loader and glibc's startup (corpus: all workloads; case hello)
  always("access", "ld.so: /etc/ld.so.preload and /etc/suid-debug (every run; ENOENT)"),
  always("pread64", "ld.so reads ELF program headers (every run)"),
  {
    syscall: "arch_prctl",
    action: allow,
    when: [oneOf(0, [c("ARCH_SET_FS"), c("ARCH_GET_FS")])],
    why: "glibc's TLS setup, ARCH_SET_FS (every run)",
  },
  always("set_tid_address", "glibc startup (every run)"),
  always("set_robust_list", "glibc startup (every run)"),
  always("rseq", "glibc startup (every run)"),
  {
    syscall: "fcntl",
    action: allow,
    when: [oneOf(1, [c("F_GETFD"), c("F_SETFD"), c("F_GETFL")])],
    why: "ld.so checks that fds 0-2 are open (F_GETFD) when it runs as root (every case as root; the -i session)",
  },
  { syscall: "fcntl", action: errno(EINVAL), why: "no other fcntl command was ever seen (locks, leases, pipe sizes)" },
  {
    syscall: "prlimit64",
    action: allow,
    when: [eq(0, 0), eq(2, 0)],
    why: "getrlimit(RLIMIT_STACK, RLIMIT_NOFILE) of itself (glibc startup, every run); setting is EPERM (ALWAYS_DENIED)",
  },
  always("getrandom", "randomises Lua's string hashing, luai_makeseed (every run)"),
  // --- memory (every run; memory-bomb and default-rlimits-refuse-400m get ENOMEM from RLIMIT_AS)
  always("brk", "malloc's heap (every run)"),
  always("munmap", "ld.so and malloc free mappings (every run)"),
  always("mremap", "realloc of large blocks: big strings and tables (corpus: lua-strings, lua-tables)"),
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "data mappings: malloc and ld.so (every run); never executable",
  },
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RX), maskedEq(3, c("MAP_ANONYMOUS"), 0)],
    why: "ld.so maps liblua's dependencies (libc, libm, libreadline, libtinfo) read+execute from files (every run); never writable and executable, never anonymous code",
  },
  {
    syscall: "mprotect",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "ld.so's RELRO (PROT_READ, every run); adding PROT_EXEC is never allowed",
  },
  // --- descriptors and files (Landlock decides which paths)
  always("read", "the boot script, the script, stdin, files the script opens (every run)"),
  always("write", "stdout and stderr, files under write grants (every run)"),
  always("close", "every run"),
  always("lseek", "file:seek, and luaL_loadfilex skipping a '#' line or checking for bytecode (corpus; case bytecode)"),
  always(
    "openat",
    "io.open, dofile, require, /etc/localtime (cases hello, read-secret, write-tmp-with-t, localtime); Landlock answers EACCES outside the grants (read-passwd, write-denied, proc-secrets)",
  ),
  always(
    "newfstatat",
    "glibc's fstat(), fstatat(fd, \"\", AT_EMPTY_PATH): stdio buffering and ld.so (every run); by path: ncurses stats the terminfo directories before reading TERM's entry (-i; refused, readline falls back to a dumb terminal)",
  ),
  always(
    "dup3",
    "luaL_loadfilex reopens a precompiled chunk in binary mode with freopen (case require-bytecode: dofile of bytecode)",
  ),
  always("unlink", "os.remove (cases require-bytecode, write-denied, writes-every-kind; EACCES outside the grants)"),
  always(
    "rmdir",
    "os.remove of a directory: glibc's remove() retries with rmdir after EISDIR (strace of bare `lua5.4 -e 'os.remove(dir)'`)",
  ),
  always("rename", "os.rename (cases write-denied, writes-every-kind; EACCES outside the grants)"),
  always("getdents64", "readline's filename completion (Tab at the -i prompt) lists a granted directory"),
  {
    syscall: "ioctl",
    action: allow,
    when: [oneOf(1, [c("TCGETS"), c("TIOCGWINSZ")])],
    why: "isatty() and the window size: stdio buffering, lua.c's stdin check (program on a pipe), readline",
  },
  {
    syscall: "ioctl",
    action: errno(ENOTTY),
    why: "any other ioctl answers 'not a terminal' (an -i session's terminal ioctls are core's, checked first)",
  },
  // --- signals and the -i prompt (readline)
  always("rt_sigaction", "lua.c's SIGINT handler around each chunk (every run); readline's handlers (-i)"),
  always("rt_sigprocmask", "readline blocks signals while it switches terminal modes (-i)"),
  always("rt_sigreturn", "returning from a signal handler: readline's SIGWINCH (-i, a resize), lua.c's SIGINT"),
  always("pselect6", "readline waits for a key (-i)"),
  always("getpid", "readline, before re-sending a signal to itself (-i, Ctrl-C)"),
  always("getuid", "readline's startup (-i)"),
  always("geteuid", "readline's startup (-i)"),
  always("getgid", "readline's startup as uid 65534 (-i, repl e2e as uid 65534)"),
  always("getegid", "readline's startup as uid 65534 (-i)"),
  {
    syscall: "kill",
    action: errno(EPERM),
    why: "signalling any other process is refused; lua5.4 signals nothing itself. In a session without a script, readline's kill of its own pid (Ctrl-C, Ctrl-Z at the -i prompt) is allowed before this rule (src/repl-rules.ts)",
  },
  // --- time and the end
  always("clock_gettime", "os.clock() (CLOCK_PROCESS_CPUTIME_ID is not in the vDSO; corpus: 8 workloads)"),
  always("exit_group", "the end of every run, os.exit()"),
];
