// Sessions without a script: an interactive prompt (REPL) on a terminal, or a
// program read from standard input. Same confinement as a script run, plus
// exactly what a terminal session needs:
//
//  - tty ioctls. Found with strace on each interpreter's prompt driven in
//    tmux (lua5.4 and python3's readline 8.2, bash -i's readline, node's
//    libuv tty):
//      TCGETS, TIOCGWINSZ         every one of them (already in stdio)
//      TCSETSW (readline), TCSETS (libuv)  raw mode for line editing and back
//      TIOCGPGRP                  bash -i: who owns the terminal (read-only)
//      TCXONC(TCOON)              readline restarts output after ^C
//      TIOCSWINSZ                 readline writes back the size it just read
//                                 (to provoke SIGWINCH) and ignores the answer
//      TIOCSPGRP                  bash -i's job control
//      TIOCGPTN                   libuv: "is this a pty master?"
//  - read-only grants on the terminfo entry for $TERM and on /etc/inputrc.
//  - TERM, COLUMNS and LINES from the launcher, and INPUTRC=/etc/inputrc (with
//    HOME unset readline would otherwise look the home directory up through
//    NSS: nscd's socket and /etc/passwd).
//  - history in memory only, unless --history FILE grants read+write on that
//    one file (created empty, mode 0600, when missing).
//
// What stays denied and why:
//  - TIOCSTI (type characters into the terminal's input: the outer shell would
//    run them once the sandbox exits), TIOCLINUX (same, through the console's
//    selection), TIOCSCTTY/TIOCNOTTY (change the controlling terminal),
//    TIOCCONS (redirect the console), TIOCSETD (line discipline): the filter's
//    default action (SIGSYS, or EPERM with --on-violation=errno).
//  - TIOCSPGRP answers EPERM for every host, hsh included. Seccomp cannot see
//    the process group (it is behind a pointer), and the kernel lets any
//    process of the session make *any* of the session's groups the
//    foreground one. A process left behind by the sandbox (a background job
//    of hsh) could then take the terminal back after the sandbox exited and
//    read what the user types to their own shell. Without TIOCSPGRP, such a
//    process is a background process: reading the terminal stops it
//    (SIGTTIN) or fails with EIO. bash -i copes: it prints "cannot set
//    terminal process group ... no job control in this shell" and runs every
//    command in its own (foreground) group; pipelines, subshells, `&` and
//    Ctrl-C work, `fg`/`bg`/Ctrl-Z do not.
//  - TIOCSWINSZ answers EPERM: resizing the user's terminal is not the
//    sandbox's business, and readline does not look at the answer.
//  - TIOCGPTN answers ENOTTY, what a pty slave says: libuv then tries to
//    reopen the terminal by name (Landlock refuses: /dev/pts is not granted)
//    and falls back to the descriptor it has.
import { existsSync, realpathSync, statSync } from "node:fs";
import { type Action, type ConstantName, constant, oneOf, PROMISES, type Rule, TERMINAL_NEVER } from "@hsandbox/bpf";
import type { PathGrant } from "./profile.js";

// The session planner (kind, flag checks, history) is plan/session.ts.
export {
  checkSessionFlags,
  historyGrant,
  historyRules,
  type SessionKind,
  type SessionPlan,
  sessionKind,
} from "./plan/session.js";
// Its --explain section is explain.ts's sessionExplainLines.

/** Where ncurses looks for compiled terminal descriptions (Debian's default order). */
export const TERMINFO_DIRS = ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"] as const;

/** A TERM value that is safe to use as a file name beneath a terminfo dir. */
export function validTerm(term: string | undefined): term is string {
  return term !== undefined && term.length <= 64 && /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(term);
}

/**
 * The terminfo entry for TERM (in the first-letter and the hex layouts of
 * each directory, as their real paths: Landlock rules attach to inodes) and
 * /etc/inputrc, read-only.
 */
export function terminalGrants(term: string | undefined): PathGrant[] {
  const g: PathGrant[] = [];
  if (validTerm(term)) {
    const first = term.charAt(0); // validTerm: not empty
    const hex = first.charCodeAt(0).toString(16);
    const seen = new Set<string>();
    for (const dir of TERMINFO_DIRS) {
      for (const sub of [first, hex]) {
        const p = `${dir}/${sub}/${term}`;
        let real: string;
        try {
          real = realpathSync(p);
          if (!statSync(real).isFile()) continue;
        } catch {
          continue;
        }
        if (seen.has(real)) continue;
        seen.add(real);
        g.push({
          path: real,
          rights: ["read"],
          reason: `terminal: the terminfo entry for TERM=${term}${real !== p ? ` (${p})` : ""}`,
        });
      }
    }
  }
  g.push({
    path: "/etc/inputrc",
    rights: ["read"],
    reason: "terminal: readline's key bindings (INPUTRC)",
    optional: true,
  });
  return g;
}

/** TERM, COLUMNS, LINES from the launcher (checked), and INPUTRC when /etc/inputrc exists. */
export function terminalEnv(
  environ: Readonly<Record<string, string | undefined>>,
  inputrc: boolean = existsSync("/etc/inputrc"),
): Record<string, string> {
  const env: Record<string, string> = {};
  if (validTerm(environ.TERM)) env.TERM = environ.TERM;
  for (const k of ["COLUMNS", "LINES"] as const) {
    const v = environ[k];
    if (v !== undefined && /^[1-9][0-9]{0,4}$/.test(v)) env[k] = v;
  }
  if (inputrc) env.INPUTRC = "/etc/inputrc";
  return env;
}

const c = (n: ConstantName): bigint => constant(n);

/** ioctls that change who owns or feeds the terminal: never (@hsandbox/bpf's TERMINAL_NEVER). */
export const TERMINAL_DENIED = TERMINAL_NEVER;

/**
 * The seccomp rules of an interactive session, checked before the host's
 * rules and the promises: @hsandbox/bpf's `terminal` promise (one table for
 * the filter and --explain), after a rule naming the dangerous ioctls.
 * `denied` is the filter's default action (kill, or EPERM with
 * --on-violation=errno): they are listed so that --explain names them, not
 * to treat them differently.
 */
export function terminalRules(denied: Action): Rule[] {
  return [
    {
      syscall: "ioctl",
      action: denied,
      when: [oneOf(1, TERMINAL_DENIED.map(c))],
      why: "never: TIOCSTI/TIOCLINUX would type into the user's terminal (their shell runs it after the sandbox exits); TIOCSCTTY/TIOCNOTTY/TIOCCONS/TIOCSETD change who owns the terminal",
    },
    ...PROMISES.terminal.rules,
  ];
}
