// hsh: bash under h. Builtins, functions, subshells, pipelines and $(...)
// work; external commands do not (Landlock grants EXECUTE only to bash and its
// loader) unless -x grants the script's directory.
import { defineHost } from "@hsandbox/core";
import pkg from "../package.json" with { type: "json" };
import { EXEC_RULES, HSH_RULES } from "./allowlist.js";
import { cpuLimitTrap } from "./cpu-message.js";
import { HOT_SYSCALLS } from "./hot-syscalls.js";

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
  // and Ctrl-C work; fg, bg and Ctrl-Z do not. PROMPT_COMMAND also sets the
  // CPU limit's message (./cpu-message.ts). History: HISTFILE empty
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
            PROMPT_COMMAND: `${cpuLimitTrap(ctx)}set +m; unset PROMPT_COMMAND`,
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
  // An external command fails with "Permission denied" and the script goes
  // on, as with any unrunnable file. Without -x that answer is the filter's
  // (exec pinned, the default, then allowlist.ts's execve rule): Landlock's
  // EXECUTE right alone is not enough, because it grants bash's dynamic
  // loader, and the loader run as a program (`/lib64/ld-linux-x86-64.so.2
  // FILE`) maps and runs any ELF file it can read (mmap is not execve). With
  // -x, execve is allowed and Landlock decides (bash, its loader and the
  // script's directory): the loader can then run any ELF file the sandbox
  // can read, so -x with -t or --allow-read makes those places runnable too.
  // No promise groups: the policy is HSH_RULES (./allowlist.ts), the calls
  // bash was measured making under strace, each with the workload that
  // needed it. Landlock decides which files redirections reach (EACCES
  // outside the grants) and, with its signal scope, which processes `kill`
  // reaches.
  promises: [],
  hotSyscalls: HOT_SYSCALLS,
  rules: HSH_RULES,
  execPromises: ["exec"],
  execRules: EXEC_RULES,
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
