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
import { closeSync, existsSync, openSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Action, constant, eq, errno, oneOf, type Rule } from "@hsandbox/bpf";
import type { ParsedCommandLine } from "./cli.js";
import { UsageError } from "./errors.js";
import type { HostProfile, PathGrant } from "./profile.js";

/** What runs: a script file, an interactive prompt, or a program read from stdin. */
export type SessionKind = "script" | "repl" | "stdin";

/**
 * The session a command line asks for. No script: a prompt when stdin is a
 * terminal (or with -i), else the program on stdin ("-" as the script says
 * so explicitly, as for lua and python). -i with a script is refused.
 */
export function sessionKind(cl: ParsedCommandLine, stdinIsTty: boolean): SessionKind {
  const interactive = cl.options.interactive === true;
  if (cl.script !== undefined && cl.script !== "-") {
    if (interactive) throw new UsageError("-i starts an interactive session and takes no script");
    return "script";
  }
  if (cl.script === "-") {
    if (interactive) throw new UsageError("-i reads commands from the terminal; '-' reads a program from stdin");
    return "stdin";
  }
  return interactive || stdinIsTty ? "repl" : "stdin";
}

/** What --explain says about a session without a script. */
export interface SessionPlan {
  readonly kind: "repl" | "stdin";
  /** --history FILE (an absolute path), when given. */
  readonly history?: string;
  /** The terminal grants, rules and variables, for --explain (repl only). */
  readonly terminal?: {
    readonly grants: readonly PathGrant[];
    readonly rules: readonly Rule[];
    readonly env: Readonly<Record<string, string>>;
  };
}

/** Checks the session against the profile and the other flags; returns --history as an absolute path. */
export function checkSession(profile: HostProfile, cl: ParsedCommandLine, kind: "repl" | "stdin"): string | undefined {
  const o = cl.options;
  if (!profile.repl) {
    throw new UsageError("no script given", `usage: ${profile.name} [OPTION]... SCRIPT [ARG]...`);
  }
  if (o.scriptDir || o.execScriptDir) {
    throw new UsageError(
      `${o.execScriptDir ? "-x" : "-s"} needs a script (it grants the script's directory)`,
      "grant a directory with --allow-read PATH instead",
    );
  }
  if (o.history === undefined) return undefined;
  if (kind !== "repl") throw new UsageError("--history is for interactive sessions (stdin is not a terminal; add -i)");
  if (!profile.repl.history) {
    throw new UsageError(`${profile.name} keeps its history in memory only (--history is not supported)`);
  }
  const path = resolve(o.history);
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(path);
  } catch {}
  if (st && !st.isFile()) throw new UsageError(`--history ${o.history}: not a regular file`);
  if (!st) {
    try {
      if (!statSync(dirname(path)).isDirectory()) throw new Error();
    } catch {
      throw new UsageError(`--history ${o.history}: no such directory ${dirname(path)}`);
    }
    // Landlock rules need an existing file; --explain changes nothing.
    if (o.explain === false) ensureHistoryFile(path);
  }
  return path;
}

/**
 * Creates the history file (empty, 0600) if it is missing: a Landlock rule
 * needs an existing file. Called when planning a launch, never by --explain.
 */
export function ensureHistoryFile(path: string): void {
  if (existsSync(path)) return;
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new UsageError(`--history ${path}: cannot create it (${(e as NodeJS.ErrnoException).code})`);
    }
  }
}

export function historyGrant(path: string): PathGrant {
  return {
    path,
    rights: ["read", "write"],
    reason: "--history: the interactive session's history file (this one file)",
    // Missing only under --explain (checkSession creates it otherwise).
    optional: !existsSync(path),
  };
}

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
    const first = term[0]!;
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

/** TERM, COLUMNS, LINES from the launcher (checked), and INPUTRC. */
export function terminalEnv(environ: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  if (validTerm(environ.TERM)) env.TERM = environ.TERM;
  for (const k of ["COLUMNS", "LINES"] as const) {
    const v = environ[k];
    if (v !== undefined && /^[1-9][0-9]{0,4}$/.test(v)) env[k] = v;
  }
  if (existsSync("/etc/inputrc")) env.INPUTRC = "/etc/inputrc";
  return env;
}

const c = (n: string): bigint => constant(n);
const EPERM = Number(c("EPERM"));
const ENOTTY = Number(c("ENOTTY"));
/** tcflow(fd, TCOON): restart output (asm-generic/termbits.h). */
const TCOON = 1n;

/** ioctls that change who owns or feeds the terminal: never. */
export const TERMINAL_DENIED = ["TIOCSTI", "TIOCLINUX", "TIOCSCTTY", "TIOCNOTTY", "TIOCCONS", "TIOCSETD"] as const;

/**
 * The seccomp rules of an interactive session, checked before the host's
 * rules and the promises. `denied` is the filter's default action (kill, or
 * EPERM with --on-violation=errno): the dangerous ioctls are listed so that
 * --explain names them, not to treat them differently.
 */
export function terminalRules(denied: Action): Rule[] {
  return [
    {
      syscall: "ioctl",
      action: denied,
      when: [oneOf(1, TERMINAL_DENIED.map(c))],
      why: "never: TIOCSTI/TIOCLINUX would type into the user's terminal (their shell runs it after the sandbox exits); TIOCSCTTY/TIOCNOTTY/TIOCCONS/TIOCSETD change who owns the terminal",
    },
    {
      syscall: "ioctl",
      action: { kind: "allow" },
      when: [oneOf(1, ["TCGETS", "TCSETS", "TCSETSW", "TCSETSF", "TIOCGWINSZ", "TIOCGPGRP"].map(c))],
      why: "terminal: line editing switches raw mode on and off (readline: TCSETSW, libuv: TCSETS); window size; bash -i asks which group owns the terminal",
    },
    {
      syscall: "ioctl",
      action: { kind: "allow" },
      when: [eq(1, c("TCXONC")), eq(2, TCOON)],
      why: "terminal: readline restarts output after ^C (tcflow TCOON only; never stops it)",
    },
    {
      syscall: "ioctl",
      action: errno(EPERM),
      when: [eq(1, c("TIOCSPGRP"))],
      why: "terminal: no foreground-group changes (seccomp cannot see which group; a leftover process could take the terminal back after the sandbox exits); bash -i runs without job control",
    },
    {
      syscall: "ioctl",
      action: errno(EPERM),
      when: [eq(1, c("TIOCSWINSZ"))],
      why: "terminal: resizing the user's terminal is refused; readline writes back the size it read and ignores the answer",
    },
    {
      syscall: "ioctl",
      action: errno(ENOTTY),
      when: [eq(1, c("TIOCGPTN"))],
      why: "terminal: libuv asks whether the terminal is a pty master; ENOTTY (a slave's answer) makes node keep the descriptor it has",
    },
  ];
}

/** The --explain section for a session without a script (empty for a script run). */
export function sessionExplainLines(session: SessionPlan | undefined): string[] {
  if (!session) return [];
  const L: string[] = [""];
  if (session.kind === "stdin") {
    L.push("Session: no script; the program is read from standard input (not a terminal: no terminal grants).");
    return L;
  }
  L.push("Interactive session (a prompt on the terminal), on top of the above:");
  const t = session.terminal;
  if (t) {
    L.push("  terminal grants (read-only):");
    for (const g of t.grants) L.push(`    ${g.path}${g.optional ? " (if present)" : ""}  (${g.reason})`);
    L.push("  terminal ioctls (checked before everything else):");
    for (const r of t.rules) {
      const a = r.action.kind === "allow" ? "allow" : r.action.kind === "errno" ? `errno ${r.action.errno}` : "kill";
      const cmds = (r.when ?? [])
        .filter((p) => p.arg === 1)
        .flatMap((p) => (p.test.op === "oneOf" ? p.test.values : p.test.op === "eq" ? [p.test.value] : []))
        .map(ioctlName)
        .join(" ");
      L.push(`    ${a.padEnd(8)} ${cmds}${r.why ? `  (${r.why})` : ""}`);
    }
    const vars = Object.entries(t.env);
    L.push(`  terminal variables passed: ${vars.length ? vars.map(([k, v]) => `${k}=${v}`).join(" ") : "none"}`);
  }
  L.push(
    session.history
      ? `  history: kept in ${session.history} (read+write on that one file)`
      : "  history: in memory only (--history FILE keeps it in one file)",
  );
  return L;
}

const IOCTL_NAMES = [
  "TCGETS",
  "TCSETS",
  "TCSETSW",
  "TCSETSF",
  "TCXONC",
  "TIOCGWINSZ",
  "TIOCSWINSZ",
  "TIOCGPGRP",
  "TIOCSPGRP",
  "TIOCGPTN",
  ...TERMINAL_DENIED,
];
function ioctlName(v: bigint): string {
  return IOCTL_NAMES.find((n) => c(n) === v) ?? `0x${v.toString(16)}`;
}

/**
 * With --history FILE: readline's history library (python's readline, bash)
 * hands the file back to its owner after writing it (chown to the owner it
 * read from stat). Answered EPERM, which it ignores; no chown is a Landlock
 * right, and this process never needs one.
 */
export function historyRules(): Rule[] {
  return [
    {
      syscall: "chown",
      action: errno(EPERM),
      why: "--history: readline re-applies the history file's owner after writing it and ignores the answer",
    },
  ];
}
