// hsh: bash under h. Builtins, functions, subshells, pipelines and $(...)
// work; external commands do not (Landlock grants EXECUTE only to bash and its
// loader) unless -x grants the script's directory.
import { constant, eq, errno, oneOf, type Rule } from "@hsandbox/bpf";
import { defineHost, UNPRIVILEGED_UID } from "@hsandbox/core";
import pkg from "../package.json" with { type: "json" };
import { HOT_SYSCALLS } from "./hot-syscalls.js";

const EACCES = Number(constant("EACCES"));
const EPERM = Number(constant("EPERM"));

/**
 * A root-started launcher leaves the real uid at UNPRIVILEGED_UID and the
 * effective and saved uids at 0 (without capabilities). bash itself never
 * changes ids (-p; strace -f -e trace=%creds of a script with subshells,
 * pipelines and $(...) shows none), but a -x script whose interpreter is bash
 * drops to its real uid: setresuid(65534, 65534, 65534). Every uid argument
 * must be UNPRIVILEGED_UID or -1 (no change; glibc passes (uid_t)-1, a raw
 * syscall may pass a 64-bit -1): a process can go to 65534, never keep or
 * take back 0 (setuid(65534) from euid 0 without CAP_SETUID leaves the saved
 * uid at 0, and seteuid(0) would otherwise take it back). The test is on all
 * 64 bits, so 0x100000000 (uid 0 to the kernel) is refused too. Gids are not
 * moved by the launcher (real, effective and saved are equal at start), so
 * the gid calls can only pick the gid already held: they stay allowed
 * (a dropping bash calls setresgid(gid, gid, gid)).
 */
const ID_ARGS = [BigInt(UNPRIVILEGED_UID), 0xffffffffn, 0xffffffffffffffffn];
const UID_CALLS = [
  ["setuid", 1],
  ["setreuid", 2],
  ["setresuid", 3],
] as const;
const ID_RULES: Rule[] = [
  ...UID_CALLS.flatMap(([syscall, n]): Rule[] => [
    {
      syscall,
      action: { kind: "allow" },
      when: ([0, 1, 2] as const).slice(0, n).map((i) => oneOf(i, ID_ARGS)),
      why: `only to uid ${UNPRIVILEGED_UID} or no change: a -x bash script drops to its real uid; uid 0 is never kept or regained`,
    },
    { syscall, action: errno(EPERM), why: "any other uid: refused (see ID_RULES)" },
  ]),
  ...(["setgid", "setregid", "setresgid"] as const).map(
    (syscall): Rule => ({
      syscall,
      action: { kind: "allow" },
      why: "the gids held are all the same at start, so only a no-op is possible (a dropping -x bash script calls it)",
    }),
  ),
];

/**
 * The proc promise allows setpriority on any process; here only on the
 * calling process itself (PRIO_PROCESS, who 0). A process group (PRIO_PGRP,
 * who 0) can include programs outside the sandbox (`hsh x.sh | less` puts
 * both in one), and PRIO_USER is every process of the user. The other calls
 * that act on another process by pid are in no promise hsh makes (ioprio_set,
 * sched_setaffinity, sched_setscheduler, sched_setparam: killed), setting
 * limits is EPERM for every pid (prlimit64, ALWAYS_DENIED), and signals to
 * processes outside the sandbox are Landlock's signal scope's to refuse.
 */
const PRIO_PROCESS = 0; // <sys/resource.h>
const PRIORITY_RULES: Rule[] = [
  {
    syscall: "setpriority",
    action: { kind: "allow" },
    when: [eq(0, PRIO_PROCESS), eq(1, 0)],
    why: "its own priority only (which = PRIO_PROCESS, who = 0): bash has no builtin for it, a -x program may lower its own",
  },
  {
    syscall: "setpriority",
    action: errno(EPERM),
    why: "another process, its process group or the user's processes: refused",
  },
];

export default defineHost({
  name: "hsh",
  version: pkg.version,
  summary:
    "Run a bash script confined: builtins, functions, pipelines and subshells work; external programs, files outside the grants and the network do not.",
  interpreter: {
    candidates: ["bash"],
    accept: /^bash$/,
    versionArgs: ["--version"],
    versionPattern: /^GNU bash, version \d/m,
    display: "bash",
    installHint: "apt-get install bash",
  },
  // --noprofile --norc: no startup files. -p: bash would otherwise reset its
  // effective uid to the real one when they differ (a root launcher moves the
  // real uid to 65534, see core/apply/identity.ts); -p also stops bash from
  // importing functions or SHELLOPTS from the (already empty) environment.
  argv: (ctx) => [ctx.interpreter, "--noprofile", "--norc", "-p", ctx.script, ...ctx.args],
  // No script: `bash -i` (no startup files) or, for piped stdin, `bash -s`.
  // Job control is turned off before the first prompt (PROMPT_COMMAND runs
  // `set +m` once; startup files are no place for it: bash reads none when
  // its real and effective uids differ, as under a root launcher, and `+m`
  // on the command line does not stop an interactive shell's job control).
  // Why off: core answers TIOCSPGRP with EPERM (see core/repl.ts), so a job
  // in a process group of its own could not get the terminal and would stop
  // (SIGTTIN) as soon as it read from it. Without job control every command
  // runs in bash's group, which owns the terminal: pipelines, subshells, `&`
  // and Ctrl-C work; fg, bg and Ctrl-Z do not. History: HISTFILE empty
  // keeps it in memory; with
  // --history FILE bash appends to that file at exit (histappend: in place,
  // where rewriting would need a temp file beside it) and never truncates it
  // (HISTFILESIZE empty), so the one granted file is all it writes.
  repl: {
    argv: (ctx) =>
      ctx.session === "repl"
        ? [ctx.interpreter, "--noprofile", "--norc", "-p", "-i", ...(ctx.history ? ["-O", "histappend"] : [])]
        : [ctx.interpreter, "--noprofile", "--norc", "-p", "-s", ...ctx.args],
    env: (ctx): Record<string, string> =>
      ctx.session === "repl"
        ? {
            PROMPT_COMMAND: "set +m; unset PROMPT_COMMAND",
            PS1: "hsh\\$ ",
            HISTFILE: ctx.history ?? "",
            ...(ctx.history ? { HISTFILESIZE: "" } : {}),
          }
        : {},
    history: true,
  },
  grants: () => [
    // `2>/dev/null` is idiomatic; discarding output and reading nothing is harmless.
    { path: "/dev/null", rights: ["read", "write"], reason: "redirections to /dev/null" },
  ],
  // Learned with tools/learn/strace-learn.mjs on the inline bash workload in
  // tools/filter-stats.mjs (a loop, redirections, read, printf, an associative
  // array; its counts are in tools/learn/syscall-counts.json).
  // An external command fails with "Permission denied" and the script goes
  // on, as with any unrunnable file. Without -x that answer is the filter's
  // (exec pinned, the default, then the execve rule below): Landlock's
  // EXECUTE right alone is not enough, because it grants bash's dynamic
  // loader, and the loader run as a program (`/lib64/ld-linux-x86-64.so.2
  // FILE`) maps and runs any ELF file it can read (mmap is not execve). With
  // -x, execve is allowed and Landlock decides (bash, its loader and the
  // script's directory): the loader can then run any ELF file the sandbox
  // can read, so -x with -t or --allow-read makes those places runnable too.
  promises: ["stdio", "rpath", "wpath", "cpath", "proc", "tty"],
  hotSyscalls: HOT_SYSCALLS,
  rules: [
    {
      syscall: "fcntl",
      action: { kind: "allow" },
      when: [eq(1, 1032)],
      why: "F_GETPIPE_SZ: bash sizes here-strings and here-documents against the pipe buffer",
    },
    ...ID_RULES,
    ...PRIORITY_RULES,
    {
      syscall: "getpeername",
      action: { kind: "allow" },
      why: "bash -c asks whether its stdin is a network connection (getpeername on fd 0) before choosing startup files; socket() is refused, so only a socketpair or an inherited socket can answer",
    },
    {
      syscall: "execve",
      action: errno(EACCES),
      why: "without -x, the launcher's one execve of bash is the only one (its path pointer is pinned, checked before this rule): every other program, the dynamic loader run as a program included, fails with EACCES and the script goes on",
    },
    {
      syscall: "socket",
      action: errno(13),
      when: [eq(0, 1)],
      why: "bash looks up its user at startup (getpwuid); glibc first asks nscd over an AF_UNIX socket and falls back when refused",
    },
  ],
  execPromises: ["exec"],
  rlimits: {
    cpu: { value: "5", why: "a script's CPU budget per process; -r cpu=N for longer work" },
    fsize: { value: "64M", why: "bounds any file written, stdout redirected to a file included" },
    data: { value: "256M", why: "bounds the heap; see as" },
    stack: { value: "8M", why: "the usual default" },
    core: { value: "0", why: "no core dumps" },
    rss: { value: "inherit", why: "not enforced by Linux" },
    nproc: { value: "0", why: "replaced at launch by running tasks + allowance" },
    nofile: { value: "64", why: "stdio, pipes and redirections of a pipeline" },
    memlock: { value: "0", why: "not needed" },
    as: { value: "256M", why: "measured VmPeak of bash: 4M; 256M leaves room for large variables and arrays" },
    locks: { value: "0", why: "not needed" },
    sigpending: { value: "64", why: "job control and traps queue a few signals" },
    msgqueue: { value: "0", why: "no POSIX message queues" },
    nice: { value: "0", why: "cannot raise priority" },
    rtprio: { value: "0", why: "no real-time scheduling" },
    rttime: { value: "0", why: "no real-time scheduling" },
  },
  processAllowance: { count: 32, why: "subshells, pipelines and $(...) of an ordinary script; stops a fork bomb" },
});
