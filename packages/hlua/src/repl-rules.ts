// Seccomp rules hlua adds for a session without a script (core puts them
// before HLUA_RULES, for `-i` and for a program on stdin alike).
//
// At the `-i` prompt readline catches Ctrl-C (SIGINT), restores the terminal
// and re-sends the signal to itself with kill(getpid(), SIGINT) (strace of
// `hlua -i` in tmux, Ctrl-C at the prompt), so that lua5.4 meets it as it
// would without readline: at the prompt lua.c has no SIGINT handler and the
// session ends (status 130), as bare `lua5.4 -i` does. Ctrl-C while a chunk
// runs comes from the terminal, not from kill, and lua.c's handler stops the
// chunk ("interrupted!"). The pid is this process's: the launcher that loads
// this module is the process that execs lua5.4, and execve keeps the pid
// (the reporting process is another process, and never runs the script).
// Any other pid still meets HLUA_RULES' kill → EPERM.
import { eq, type Rule } from "@hsandbox/bpf";

export const REPL_RULES: readonly Rule[] = [
  {
    syscall: "kill",
    action: { kind: "allow" },
    when: [eq(0, process.pid)],
    why: "readline re-sends Ctrl-C (and Ctrl-Z) to itself at the -i prompt: kill(own pid) only, the launcher's pid kept by execve (tmux session, Ctrl-C at the prompt)",
  },
];
