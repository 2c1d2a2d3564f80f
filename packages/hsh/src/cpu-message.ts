// One line on stderr when the CPU limit stops an interactive session:
// RLIMIT_CPU's soft limit sends SIGXCPU a second before the hard limit's
// SIGKILL (core sets hard = soft + 1), and a trap set before the first
// prompt names the flag, then lets SIGXCPU end the shell as it would have.
//
// Only `-i` gets it: PROMPT_COMMAND is the one prologue hsh has. A script
// runs as `bash -p SCRIPT` with no boot (-p makes bash ignore BASH_ENV), and
// a boot would have to source the script, which changes what it sees: a
// top-level `return` becomes legal, so the common `(return 0 2>/dev/null)`
// "am I sourced?" test would skip a script's main. Subshells would not keep
// the trap anyway (bash resets caught signals in them); bash itself reports a
// subshell stopped by the limit ("CPU time limit exceeded").
import type { LaunchContext } from "@hsandbox/core";

const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

/** The trap command for PROMPT_COMMAND, or "" when no CPU limit is set. */
export function cpuLimitTrap(ctx: Pick<LaunchContext, "rlimits">): string {
  const cpu = ctx.rlimits?.cpu.value;
  if (cpu?.kind !== "set" || cpu.value >= RLIM_INFINITY) return "";
  const line = `hsh: CPU limit reached (${cpu.value} s); -r cpu=N raises it`;
  return `trap 'trap - XCPU; echo "${line}" >&2; kill -XCPU $$' XCPU; `;
}
