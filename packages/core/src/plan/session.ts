// Planner: which session a command line asks for, whether the host and the
// other flags allow it, and what a session without a script adds (terminal
// grants, rules and variables; the history file). Pure: what it needs from
// the machine (terminfo entries, /etc/inputrc, the history file) comes in
// as facts from discover.ts.
import { type Action, constant, errno, type Rule } from "@hsandbox/bpf";
import type { ParsedCommandLine } from "../cli.js";
import { UsageError } from "../errors.js";
import type { HostProfile, PathGrant } from "../profile.js";
import { terminalEnv, terminalRules } from "../repl.js";

/** What runs: a script file, an interactive prompt, or a program read from stdin. */
export type SessionKind = "script" | "repl" | "stdin";

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

/**
 * The flag checks that need no file: a session without a script against the
 * profile and the other flags, then -x against the profile. Returns whether
 * --history was given (discover.ts checks the file itself).
 */
export function checkSessionFlags(profile: HostProfile, cl: ParsedCommandLine, kind: SessionKind): boolean {
  const o = cl.options;
  if (kind !== "script") {
    if (!profile.repl) {
      throw new UsageError("no script given", `usage: ${profile.name} [OPTION]... SCRIPT [ARG]...`);
    }
    if (o.scriptDir || o.execScriptDir) {
      throw new UsageError(
        `${o.execScriptDir ? "-x" : "-s"} needs a script (it grants the script's directory)`,
        "grant a directory with --allow-read PATH instead",
      );
    }
    if (o.history !== undefined) {
      if (kind !== "repl")
        throw new UsageError("--history is for interactive sessions (stdin is not a terminal; add -i)");
      if (!profile.repl.history) {
        throw new UsageError(`${profile.name} keeps its history in memory only (--history is not supported)`);
      }
    }
  }
  if (o.execScriptDir && !profile.execPromises && !profile.execRules) {
    throw new UsageError(
      `-x is not supported by ${profile.name}`,
      `${profile.name} scripts have no way to run programs`,
    );
  }
  return kind === "repl" && o.history !== undefined;
}

export function historyGrant(path: string, exists: boolean): PathGrant {
  return {
    path,
    rights: ["read", "write"],
    reason: "--history: the interactive session's history file (this one file)",
    // Missing only under --explain (discover creates it otherwise).
    optional: !exists,
  };
}

const EPERM = Number(constant("EPERM"));

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

export interface SessionFacts {
  readonly kind: SessionKind;
  readonly history?: string;
  /** The terminal's grants (terminfo entry for TERM, /etc/inputrc), looked up by discover. */
  readonly terminalGrants: readonly PathGrant[];
  /** Whether /etc/inputrc exists. */
  readonly inputrc: boolean;
  readonly environ: Readonly<Record<string, string | undefined>>;
}

export interface SessionPolicy {
  /** Rules checked before the host's own (the terminal's, then --history's, then the profile's repl rules). */
  readonly rules: readonly Rule[];
  /** Grants a terminal session adds after the script's. */
  readonly grants: readonly PathGrant[];
  /** Variables added beneath the host's and --env's (terminal's first; --env may override them). */
  readonly env: Readonly<Record<string, string>>;
  readonly session?: SessionPlan;
}

/** What a session without a script adds; nothing for a script run. */
export function planSession(
  f: SessionFacts,
  profile: HostProfile,
  defaultAction: Action,
  hostEnv: Record<string, string>,
): SessionPolicy {
  if (f.kind === "script") return { rules: [], grants: [], env: {} };
  const repl = f.kind === "repl";
  const terminal = repl ? terminalRules(defaultAction) : [];
  const tEnv = repl ? terminalEnv(f.environ, f.inputrc) : {};
  return {
    rules: [...terminal, ...(f.history ? historyRules() : []), ...(profile.repl?.rules ?? [])],
    grants: repl ? f.terminalGrants : [],
    env: { ...tEnv, ...hostEnv },
    session: {
      kind: f.kind,
      ...(f.history ? { history: f.history } : {}),
      ...(repl ? { terminal: { grants: f.terminalGrants, rules: terminal, env: tEnv } } : {}),
    },
  };
}
