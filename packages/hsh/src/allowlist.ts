// hsh's seccomp allowlist, measured: every syscall bash 5.2 made after the
// launcher's execve, under strace -f (forks included), in
//   - every e2e case (packages/hsh/test/cases/*, as root and as uid 65534,
//     with each case's flags, -x cases included):
//       strace -f -qq -o /tmp/x node packages/hsh/dist/bin.js <case options> \
//         packages/hsh/test/cases/<case>/main.sh <case args>
//   - the repl e2e (packages/hsh/test/repl.e2e.test.ts: bash -i in tmux,
//     --history, a program on a pipe) and a longer `hsh -i` session in tmux
//     (TERM=xterm, root and uid 65534): a here-document, process
//     substitution, a coproc, traps, `read -t`, `jobs`/`kill %1`/`wait`,
//     `wait -n`, redirections, Tab, history, Ctrl-C of a builtin `read -t`,
//     of a busy loop and of a subshell, Ctrl-C caught by a trap, Ctrl-Z
//     (no job control: nothing stops), `kill -STOP $PPID` (refused);
//   - a script on a terminal in tmux: `read -s`, `read -n 1`, `read -e`, `select`;
//   - the corpus, bare (tools/corpus/data/hsh.json, node tools/corpus/trace.mjs
//     --host hsh) and sandboxed (the same runs under hsh), counting only
//     bash's own processes: the bare runs also exec programs (sort, sed,
//     grep, uname, cc, realpath), whose calls are no evidence for hsh.
// Intersected with hsh's envelope: new processes only by fork (clone with
// fork's flags), no exec after the first (-x: Landlock decides), no sockets,
// no uid regained, no permission bits or timestamps changed, signals only
// inside the sandbox. What core adds for every host: the pinned execve of
// bash; for `-i` the terminal ioctls (core/repl.ts); @hsandbox/bpf's
// ALWAYS_DENIED answers (clone3, io_uring and openat2 → ENOSYS, setting
// rlimits → EPERM). Anything else is the filter's default action (kill, or
// EPERM with --on-violation=errno). Count them with `node tools/corpus/width.mjs`.
import { constant, eq, errno, flagsSubsetOf, maskedEq, oneOf, type Rule } from "@hsandbox/bpf";
import { UNPRIVILEGED_UID } from "@hsandbox/core";

const c = constant;
const allow = { kind: "allow" } as const;
const EACCES = Number(c("EACCES"));
const EINVAL = Number(c("EINVAL"));
const ENOTTY = Number(c("ENOTTY"));
const EPERM = Number(c("EPERM"));

const PROT_RW = c("PROT_READ") | c("PROT_WRITE");
const PROT_RX = c("PROT_READ") | c("PROT_EXEC");
/** glibc's fork(): the child's exit signal is SIGCHLD; no CLONE_VM, no CLONE_NEW*. */
const FORK_FLAGS = c("CLONE_CHILD_SETTID") | c("CLONE_CHILD_CLEARTID") | c("SIGCHLD");

/** Allowed whatever the arguments. */
const always = (syscall: Rule["syscall"], why: string): Rule => ({ syscall, action: allow, why });

/** The shell itself: bash and its subshells, pipelines, $(...), coprocs and background jobs. */
export const BASH_RULES: readonly Rule[] = [
  // --- every run: the dynamic loader and glibc's startup (every case, every corpus workload)
  always("access", "ld.so: /etc/ld.so.preload (every run); bash: `command -v`, PATH lookups of commands (X_OK)"),
  always("pread64", "ld.so reads ELF program headers (every run)"),
  {
    syscall: "arch_prctl",
    action: allow,
    when: [eq(0, c("ARCH_SET_FS"))],
    why: "glibc's TLS setup, ARCH_SET_FS (every run)",
  },
  always("set_tid_address", "glibc startup (every run)"),
  always("set_robust_list", "glibc startup, and each fork's child (every run)"),
  always("rseq", "glibc startup (every run)"),
  always("getrandom", "malloc's and $RANDOM's seeds, GRND_NONBLOCK (every run)"),
  always("uname", "bash's startup: $HOSTNAME (glibc's gethostname; every run)"),
  always("sysinfo", "bash's startup: glibc asks for the memory size, sysconf(_SC_PHYS_PAGES) (every run)"),
  {
    syscall: "prlimit64",
    action: allow,
    when: [eq(0, 0), eq(2, 0)],
    why: "getrlimit of itself: RLIMIT_STACK and RLIMIT_NPROC at startup, RLIMIT_NOFILE for redirections (every run), `ulimit -t` (case bash-features); setting is EPERM (ALWAYS_DENIED)",
  },
  {
    syscall: "futex",
    action: allow,
    when: [eq(1, c("FUTEX_WAKE_PRIVATE"))],
    why: "glibc wakes a once-lock while loading a locale (bare corpus, LANG=C.UTF-8: every workload; under hsh with --env LANG and the locale granted); bash has no threads, so nothing ever waits",
  },
  // --- memory (every run; memory-bomb gets ENOMEM from RLIMIT_AS)
  always("brk", "malloc's heap (every run)"),
  always("munmap", "ld.so and malloc free mappings (every run)"),
  always("mremap", "realloc of a large string (case memory-bomb)"),
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "data mappings: malloc, ld.so, locale files (every run); never executable",
  },
  {
    syscall: "mmap",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RX), maskedEq(3, c("MAP_ANONYMOUS"), 0)],
    why: "ld.so maps bash's libraries (libc, libtinfo) read+execute from files (every run); never writable and executable, never anonymous code",
  },
  {
    syscall: "mprotect",
    action: allow,
    when: [flagsSubsetOf(2, PROT_RW)],
    why: "ld.so's RELRO (PROT_READ, every run); adding PROT_EXEC is never allowed",
  },
  // --- descriptors and files (Landlock decides which paths)
  always("read", "the script, stdin, `read`, files under the grants (every run)"),
  always("write", "stdout, stderr, redirections under the write grants (every run)"),
  always("close", "every run"),
  always("lseek", "bash rewinds the script to the start of the next command (every run)"),
  always(
    "openat",
    "the script, `source`, redirections, `$(< file)`, globs, here-document temp files under -t (cases bash-features, heredoc-large, redirect-tmp-with-t); Landlock answers EACCES outside the grants (read-secret, redirect-denied, writes-every-kind, proc-secrets)",
  ),
  always(
    "newfstatat",
    "glibc's fstat() (every run); by path: `[[ -e ]]`, `cd`, PATH lookups (cases bash-features, external-command)",
  ),
  always("faccessat2", "`[[ -r ]]`, `test -x` (AT_EACCESS; case bash-features, corpus bash-completion)"),
  always("getdents64", "globs and completion: `files=(dir/*)` (case bash-features; corpus shellmath, bash-completion)"),
  always("getcwd", "bash's startup sets $PWD (every run)"),
  always("chdir", "`cd`, `pushd`, `popd` (cases bash-features, writes-every-kind; corpus bash-completion/functions)"),
  always(
    "readlink",
    "readline resolves the history file before `history -w` writes it (case writes-every-kind); ttyname() of the terminal at `-i` startup (/proc/self/fd/0)",
  ),
  always(
    "unlink",
    "bash unlinks the temporary file of a here-document larger than a pipe (case heredoc-large, -t); Landlock answers EACCES outside the write grants",
  ),
  always(
    "statfs",
    "glibc's pathconf(TMPDIR, _PC_NAME_MAX): bash sizes the name of a here-document's temporary file (case heredoc-large)",
  ),
  {
    syscall: "fchmod",
    action: errno(EPERM),
    why: "bash makes a here-document's temporary file read-only before reading it back (case heredoc-large) and ignores the answer; hsh never changes permission bits",
  },
  always("umask", "the `umask` builtin (case bash-features; -i)"),
  always("dup", "bash -i keeps its own descriptor on the terminal (a dup of stderr, moved to a high fd)"),
  always("dup2", "redirections: `cmd > file`, `exec 3<&0`, pipelines (every case)"),
  always(
    "pipe2",
    "pipelines, $(...), process substitution, coprocs, small here-documents (cases builtins, coproc, bash-features)",
  ),
  {
    syscall: "fcntl",
    action: allow,
    when: [oneOf(1, [c("F_GETFD"), c("F_SETFD"), c("F_GETFL"), c("F_DUPFD")])],
    why: "close-on-exec of the script's descriptor, saving descriptors around redirections (F_DUPFD), `exec {fd}>` (every case)",
  },
  {
    syscall: "fcntl",
    action: allow,
    when: [eq(1, c("F_GETPIPE_SZ"))],
    why: "bash sizes here-strings and here-documents against the pipe buffer (cases builtins, bash-features)",
  },
  {
    syscall: "fcntl",
    action: allow,
    when: [eq(1, c("F_SETFL"))],
    why: "`bash -s` (hsh's program-on-stdin session) clears O_NONBLOCK on a non-blocking stdin before reading its program (strace of `bash -p -s` fed by a non-blocking pipe)",
  },
  { syscall: "fcntl", action: errno(EINVAL), why: "no other fcntl command was seen (locks, leases, owners)" },
  {
    syscall: "ioctl",
    action: allow,
    when: [oneOf(1, [c("TCGETS"), c("TIOCGWINSZ"), c("TIOCGPGRP")])],
    why: "isatty() (every run), the window size ($COLUMNS, `read -e`), who owns the terminal (bash's startup)",
  },
  {
    syscall: "ioctl",
    action: allow,
    when: [eq(1, c("TCSETSW"))],
    why: "`read -s`, `read -n 1`, `read -e` and `select` in a script on a terminal switch echo and canonical mode and back (tmux: a script on a terminal)",
  },
  {
    syscall: "ioctl",
    action: errno(EPERM),
    when: [eq(1, c("TIOCSWINSZ"))],
    why: "readline (`read -e`) writes back the size it read and ignores the answer; the window size is the user's terminal's",
  },
  {
    syscall: "ioctl",
    action: errno(ENOTTY),
    why: "any other ioctl answers 'not a terminal' (TIOCSPGRP of `set -m` on a terminal included; an -i session's terminal ioctls are core's, checked first)",
  },
  // --- processes: fork, wait, job control inside the sandbox
  {
    syscall: "clone",
    action: allow,
    when: [eq(0, FORK_FLAGS)],
    why: "fork() for subshells, pipelines, $(...), coprocs, `&` (cases builtins, coproc, fork-bomb, bash-features; corpus); exactly glibc fork's flags: no threads, no namespaces, no shared memory",
  },
  always("wait4", "reaping children: `wait`, `wait -n`, pipelines, $(...) (cases builtins, coproc, bash-features)"),
  always(
    "setpgid",
    "job control: `set -m` gives a background job its own group (case fork-bomb), bash -i puts itself in its group at startup; the kernel allows it only on itself or its own children, within its session",
  ),
  always("getpgrp", "bash's startup and job control (every run)"),
  always("getpid", "$$ and $BASHPID (every run)"),
  always("getppid", "$PPID (every run)"),
  always("getuid", "bash's startup: $UID (every run)"),
  always("geteuid", "bash's startup: $EUID (every run)"),
  always("getgid", "bash's startup (every run)"),
  always("getegid", "bash's startup (every run)"),
  {
    syscall: "kill",
    action: errno(EPERM),
    when: [oneOf(0, [0xffff_ffffn, 0xffff_ffff_ffff_ffffn])],
    why: "kill(-1), every process the user may signal (case signal-outside's `kill -KILL -1`, signal-group-and-init's `kill -STOP -1`): refused, whatever the kernel's scope",
  },
  {
    syscall: "kill",
    action: allow,
    why: "`kill` of itself, its jobs and their groups (cases ids-and-priority, fork-bomb, bash-features; -i: Ctrl-C re-raised, `kill %1`); seccomp cannot tell the sandbox's pids from others', Landlock's signal scope (ABI 6) refuses every process outside the sandbox with EPERM (cases signal-outside, signal-group-and-init; -i: `kill -STOP $PPID`)",
  },
  // --- signals, waiting, time
  always("rt_sigaction", "bash's handlers and traps (every run)"),
  always("rt_sigprocmask", "bash blocks SIGCHLD around fork and job bookkeeping (every run)"),
  always("rt_sigreturn", "returning from a handler: SIGCHLD, traps (cases builtins, bash-features; -i Ctrl-C)"),
  always("pselect6", "`read -t` (case bash-features, fork-bomb's nap), readline waiting for a key (-i)"),
  always("clock_nanosleep", "fork: retry: bash sleeps and retries a fork refused by RLIMIT_NPROC (case fork-bomb)"),
  always("getrusage", "`times` and the `time` keyword (case bash-features; -i)"),
  always(
    "clock_gettime",
    "$EPOCHREALTIME, $SECONDS, `time`: answered by the vDSO here (no syscall in any trace), a syscall on clock sources the vDSO cannot read (hpet, some hypervisors)",
  ),
  always("gettimeofday", "as clock_gettime: glibc's gettimeofday() falls back to the syscall without a vDSO clock"),
  always("exit_group", "the end of every run, `exit`"),
  // --- answers
  {
    syscall: "socket",
    action: errno(EACCES),
    when: [eq(0, c("AF_UNIX"))],
    why: "bash looks up its user at startup (getpwuid): glibc first asks nscd over an AF_UNIX socket and falls back when refused (every run); /dev/tcp and /dev/udp (AF_INET) get the default action (cases dev-tcp, dev-udp-listener)",
  },
  {
    syscall: "execve",
    action: errno(EACCES),
    why: "without -x, the launcher's one execve of bash is the only one (its path pointer is pinned, checked before this rule): every other program, the dynamic loader run as a program included, fails with EACCES and the script goes on (cases external-command, exec-builtin, loader-as-program)",
  },
];

/**
 * Every uid argument must be UNPRIVILEGED_UID or -1 (no change; glibc passes
 * (uid_t)-1, a raw syscall may pass a 64-bit -1). A root-started launcher
 * leaves the real uid at UNPRIVILEGED_UID and the effective and saved uids at
 * 0 (without capabilities): a process may go to 65534, never keep or take
 * back 0. The test is on all 64 bits, so 0x100000000 (uid 0 to the kernel)
 * is refused too.
 */
const ID_ARGS = [BigInt(UNPRIVILEGED_UID), 0xffff_ffffn, 0xffff_ffff_ffff_ffffn];

/**
 * What the programs -x lets run needed beyond bash's own calls. Today those
 * programs are bash again (a script beneath the script's directory, or bash
 * through the dynamic loader), so the group is small. Only -x adds them
 * (HostProfile.execRules, checked before HSH_RULES); without -x the id calls
 * meet ID_ANSWERS' EPERM, getpeername and writev the default. An
 * --allow-exec group for other programs would sit beside this one.
 */
export const EXEC_RULES: readonly Rule[] = [
  {
    syscall: "setresuid",
    action: allow,
    when: [0, 1, 2].map((i) => oneOf(i as 0 | 1 | 2, ID_ARGS)),
    why: `only to uid ${UNPRIVILEGED_UID} or no change: a -x bash script, run without -p, drops to its real uid: setresuid(65534, 65534, 65534) (cases exec-dir-with-x, loader-with-x as root); uid 0 is never kept or regained`,
  },
  {
    syscall: "setresgid",
    action: allow,
    why: "a dropping -x bash script calls setresgid(gid, gid, gid) (cases exec-dir-with-x, loader-with-x as root); the launcher leaves real, effective and saved gids equal, so only a no-op is possible",
  },
  {
    syscall: "getpeername",
    action: allow,
    why: "bash -c asks whether its stdin is a network connection before choosing startup files (case loader-with-x: `ld.so bash -c`); socket() is refused, so only an inherited socket can answer",
  },
  always("writev", "ld.so run as a program prints why it cannot load a file (case loader-with-x)"),
];

/** Answers for the id and priority calls, with or without -x: refused (checked after EXEC_RULES). */
const ID_ANSWERS: readonly Rule[] = [
  ...(["setresuid", "setuid", "setreuid", "setgid", "setregid"] as const).map(
    (syscall): Rule => ({
      syscall,
      action: errno(EPERM),
      why: "any other uid, and the older set*id calls (no traced workload makes them): refused",
    }),
  ),
  {
    syscall: "setpriority",
    action: errno(EPERM),
    why: "no traced workload sets a priority (bash has no builtin for it): refused for every target, itself included",
  },
];

/** hsh's allowlist: the shell's rules and the id answers; -x puts EXEC_RULES before them (HostProfile.execRules). */
export const HSH_RULES: readonly Rule[] = [...BASH_RULES, ...ID_ANSWERS];
