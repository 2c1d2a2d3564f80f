// What a host declares. A host package is mostly one of these.
import type { PromiseName, Rule, SyscallName } from "@hsandbox/bpf";
import { registerFilterOrder } from "./filter-order.js";
import type { RlimitName, RlimitPlan } from "./rlimits.js";

/**
 * The rights a grant can carry, in words a person checks. "list": read a
 * directory's entries (and its subdirectories'), but no file contents.
 */
export type GrantRight = "read" | "exec" | "write" | "list";

/** One Landlock grant: a path and what may be done beneath it, and why. */
export interface PathGrant {
  readonly path: string;
  readonly rights: readonly GrantRight[];
  /** Shown by --explain: "interpreter", "library of /usr/bin/lua5.4", "-s". */
  readonly reason: string;
  /** A grant on a path that may not exist on this machine is dropped quietly. */
  readonly optional?: boolean;
}

export interface InterpreterSpec {
  /** Names looked up on PATH, in order. */
  readonly candidates: readonly string[];
  /** Accepts a candidate by the basename of its real path (e.g. /^lua5\.4$/). */
  readonly accept: RegExp;
  /** Arguments that print the version, for -v (e.g. ["-v"]). */
  readonly versionArgs: readonly string[];
  /** What `versionArgs` must print for an --interpreter binary to be accepted. */
  readonly versionPattern?: RegExp;
  /** Human name for messages: "Lua 5.4". */
  readonly display: string;
  /** How a user gets it: "apt-get install lua5.4". */
  readonly installHint: string;
  /**
   * Maps a found file to the real ELF binary to exec. Default: realpath.
   * (Python uses this for pyenv shims and venvs.)
   */
  readonly toBinary?: (found: string) => string;
  /**
   * The interpreter to use when --interpreter is not given, instead of a PATH
   * lookup (hnode: process.execPath, the node running the host). Checked like
   * --interpreter: an executable ELF file after toBinary.
   */
  readonly default?: () => string;
}

/**
 * What a host asks its interpreter before planning: run it once (outside the
 * sandbox), parse what it prints. Core runs it in discover and caches the
 * answer by the binary's identity (core/cache.ts: H_NO_CACHE, ownership
 * checks), so the host's argv, env and grants get it as ctx.probe and need
 * not look at the machine themselves. The answer must survive JSON.
 */
export interface ProbeSpec<T = unknown> {
  /** Ask the interpreter (may throw: the launch is refused). */
  readonly run: (binary: string) => T;
  /** Bumped when the answer's shape changes (older cache entries are ignored). */
  readonly schema: number;
  /** What else the answer depends on besides the binary's identity (hpython: argv[0], a venv's). */
  readonly key?: (binary: string) => string;
  /** The answer names libraries: /etc/ld.so.cache's identity is part of the key. */
  readonly libraries?: boolean;
  /** An answer known without running anything (hnode: the node that runs hnode knows its version). */
  readonly known?: (binary: string) => T | undefined;
}

/** What the host knows when it builds argv, env and extra grants. */
export interface LaunchContext {
  /** The interpreter binary that will be exec'd (a real path). */
  readonly interpreter: string;
  /** Absolute path of the script, or undefined for a REPL. */
  readonly script: string;
  readonly scriptDir: string;
  readonly args: readonly string[];
  /** The host package's own directory (boot scripts live there). */
  readonly packageDir: string;
  /** Environment assembled so far (--env and the temp dir). */
  readonly tmpDir?: string;
  /** Values of the host's own options (HostProfile.options), by long name; absent when not given. */
  readonly hostOptions?: Readonly<Record<string, HostOptionValue>>;
  /** -x was given: programs beneath the script's directory may run. */
  readonly exec?: boolean;
  /**
   * The grants the command line asked for (-s/-x, -t, -l, --allow-read,
   * --allow-write), in the order Landlock gets them. A host with an access
   * layer of its own (hnode: Node's permission model) mirrors them.
   */
  readonly userGrants?: readonly PathGrant[];
  /**
   * The rlimits that will be set (defaults merged with -r/-R; nproc not yet
   * counted). hnode sizes V8's heap below the address-space limit with it.
   */
  readonly rlimits?: Readonly<RlimitPlan>;
  /**
   * Absent for a script run. "repl": an interactive prompt on a terminal (no
   * script; -i); "stdin": the program is read from standard input (no script
   * and stdin is not a terminal, or "-"). ctx.script and ctx.scriptDir are ""
   * then. See HostProfile.repl.
   */
  readonly session?: "repl" | "stdin";
  /** --history FILE (absolute) in a "repl" session: the one file the history may be kept in. */
  readonly history?: string;
  /** The answer of HostProfile.probe for this interpreter (absent when the host has none). */
  readonly probe?: unknown;
}

/**
 * How a host runs without a script (see core/repl.ts for the terminal part,
 * which core adds for every host).
 */
export interface ReplSpec {
  /** Full argv for a "repl" or "stdin" session (ctx.session says which). */
  readonly argv: (ctx: LaunchContext) => string[];
  /** Environment added for these sessions (e.g. history settings). */
  readonly env?: (ctx: LaunchContext) => Record<string, string>;
  /** Seccomp rules added for these sessions, before the host's own rules. */
  readonly rules?: readonly Rule[];
  /** Whether the host can keep its history in a --history FILE (else memory only; --history refused). */
  readonly history?: boolean;
}

/** A host-specific command-line option (e.g. hpython's --site), parsed with the shared ones. */
export interface HostOptionSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
  readonly multiple?: boolean;
  /** For -h; "ARG  text" shows ARG after the flag, like OPTION_TABLE. */
  readonly help: string;
}

export type HostOptionValue = boolean | string | readonly string[];

export interface RlimitDefault {
  readonly value: string;
  /** Where the number comes from: measured peak and headroom, or "not needed". */
  readonly why: string;
}

export interface HostProfile {
  /** Command name: hlua, hpython, hnode, hsh. */
  readonly name: string;
  readonly version: string;
  /** One line for -h. */
  readonly summary: string;
  readonly interpreter: InterpreterSpec;
  /** Full argv for execve, argv[0] included. */
  readonly argv: (ctx: LaunchContext) => string[];
  /** Environment the interpreter needs (say why in the profile); --env adds to it. */
  readonly env?: (ctx: LaunchContext) => Record<string, string>;
  /** Read-only files the host itself ships (boot scripts), with reasons. */
  readonly grants?: (ctx: LaunchContext) => PathGrant[];
  /** Options only this host has, by long name; their values reach grants/env/argv as ctx.hostOptions. */
  readonly options?: Readonly<Record<string, HostOptionSpec>>;
  /** Seccomp promise groups, pledge-style. */
  readonly promises: readonly PromiseName[];
  /**
   * Who decides which programs may be exec'd. "pinned" (default): the filter
   * lets through only the launcher's own execve of the interpreter. "landlock":
   * the filter allows execve and Landlock's EXECUTE right decides, so a denied
   * program fails with EACCES instead of killing the process (a shell reports
   * "Permission denied" and goes on, as it would for any unrunnable file).
   */
  readonly exec?: "pinned" | "landlock";
  /** Promises added by -x (run programs beneath the script's directory). */
  readonly execPromises?: readonly PromiseName[];
  /**
   * Rules added by -x, checked before `rules` (so an allow here wins over an
   * errno answer there): what the programs a script runs need and the script
   * alone does not, measured like `rules`.
   */
  readonly execRules?: readonly Rule[];
  /**
   * Syscalls the filter tests first, most frequent first (measured: see
   * tools/filter-stats.mjs). Same decisions, fewer instructions per call.
   */
  readonly hotSyscalls?: readonly SyscallName[];
  /** Extra rules, evaluated before the promises' rules. */
  readonly rules?: readonly Rule[];
  readonly rlimits: Readonly<Record<RlimitName, RlimitDefault>>;
  /**
   * RLIMIT_NPROC is per real uid, machine-wide: a number here is an allowance
   * *on top of* what that uid already runs (counted at launch). Absent: no
   * new process or thread at all (nproc = 0; the filter also denies clone).
   */
  readonly processAllowance?: { readonly count: number; readonly why: string };
  /** Asked of the interpreter once and cached by its identity; its answer is ctx.probe. */
  readonly probe?: ProbeSpec;
  /** Running with no script: an interactive prompt, or a program on stdin. Absent: a script is required. */
  readonly repl?: ReplSpec;
}

export function defineHost(p: HostProfile): HostProfile {
  registerFilterOrder(p.name, p.hotSyscalls);
  return p;
}
