// discover: every look at the machine planning needs, done once, before the
// plan: the script, the interpreter and its ELF closure (cached), the host's
// probe (cached), the terminal's files, the history file (created for a
// launch), the kind of each granted path, and the tasks the real uid runs.
// The answer is plain data (Facts); plan/index.ts turns it into the Policy.
import { closeSync, existsSync, openSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import type { KernelAbi } from "@hsandbox/landlock";
import { cachedLibraryClosure, cachedProbe } from "./cache.js";
import type { ParsedCommandLine } from "./cli.js";
import { HostError, UsageError } from "./errors.js";
import type { Facts } from "./facts.js";
import { countTasksOfUser } from "./nproc.js";
import type { PathKind } from "./plan/grants.js";
import { realUidOf } from "./plan/identity.js";
import { preplan } from "./plan/index.js";
import { needsTaskCount, startsProcesses } from "./plan/nproc.js";
import { checkSessionFlags, sessionKind } from "./plan/session.js";
import type { HostProfile } from "./profile.js";
import { terminalGrants } from "./repl.js";
import { findInterpreter, findScript } from "./resolve.js";
import { phase } from "./timing.js";

export interface DiscoverInput {
  readonly profile: HostProfile;
  readonly cli: ParsedCommandLine;
  readonly packageDir: string;
  readonly landlockAbi: KernelAbi;
  /** Real and effective uid of the launcher. */
  readonly uid: number;
  readonly euid: number;
  /** The launcher's environment, for --env NAME and TMPDIR. */
  readonly environ: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a terminal: with no script, a prompt (else the program on stdin). */
  readonly stdinIsTty?: boolean;
}

/**
 * Creates the history file (empty, 0600) if it is missing: a Landlock rule
 * needs an existing file. Called for a launch, never by --explain.
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

/** --history FILE: a regular file, or a missing one in an existing directory (created unless explaining). */
function historyFacts(given: string, explain: boolean): { path: string; exists: boolean } {
  const path = resolve(given);
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(path);
  } catch {}
  if (st && !st.isFile()) throw new UsageError(`--history ${given}: not a regular file`);
  if (!st) {
    try {
      if (!statSync(dirname(path)).isDirectory()) throw new Error();
    } catch {
      throw new UsageError(`--history ${given}: no such directory ${dirname(path)}`);
    }
    // Landlock rules need an existing file; --explain changes nothing.
    if (!explain) ensureHistoryFile(path);
  }
  return { path, exists: existsSync(path) };
}

function pathKind(path: string): PathKind | undefined {
  try {
    return statSync(path).isDirectory() ? "dir" : "file";
  } catch {
    return undefined;
  }
}

export function discover(input: DiscoverInput): Facts {
  const { profile, cli } = input;
  const o = cli.options;
  const stdinIsTty = input.stdinIsTty === true;
  // The checks that need no file come first (a wrong flag is named before a missing script).
  const kind = sessionKind(cli, stdinIsTty);
  const wantsHistory = checkSessionFlags(profile, cli, kind);
  const history = wantsHistory ? historyFacts(o.history!, o.explain !== false) : undefined;
  const script = kind === "script" ? findScript(cli.script!) : undefined;
  const { binary: interpreter } = findInterpreter(profile.interpreter, o.interpreter);
  phase("discovery");
  const closure = cachedLibraryClosure(interpreter);
  if (closure.missing.length > 0) {
    throw new HostError(`${interpreter} needs libraries that cannot be found: ${closure.missing.join(", ")}`);
  }
  phase("closure");
  const probe = profile.probe ? cachedProbe(profile.name, profile.probe, interpreter) : undefined;
  const base = {
    packageDir: input.packageDir,
    landlockAbi: input.landlockAbi,
    uid: input.uid,
    euid: input.euid,
    environ: input.environ,
    stdinIsTty,
    ...(script ? { script } : {}),
    interpreter,
    closure: { ...(closure.interpreter ? { interpreter: closure.interpreter } : {}), libraries: closure.libraries },
    ...(probe !== undefined ? { probe } : {}),
    ...(o.tmp ? { tmpDir: resolve(input.environ.TMPDIR || tmpdir()) } : {}),
    ...(history ? { history } : {}),
    terminalGrants: kind === "repl" ? terminalGrants(input.environ.TERM) : [],
    inputrc: kind === "repl" && existsSync("/etc/inputrc"),
  };
  // Which paths the plan will grant, to learn what each one is.
  const pre = preplan(base, cli, profile);
  phase("hostGrants");
  const pathKinds: Record<string, PathKind> = {};
  for (const g of pre.grants) {
    const k = pathKind(g.path);
    if (k) pathKinds[g.path] = k;
  }
  const promises = [...profile.promises, ...(o.execScriptDir ? (profile.execPromises ?? []) : [])];
  let tasksOfUser: number | undefined;
  const rules = [...(o.execScriptDir ? (profile.execRules ?? []) : []), ...(profile.rules ?? [])];
  if (needsTaskCount(profile.processAllowance, o, startsProcesses(promises, rules))) {
    phase("planning");
    tasksOfUser = countTasksOfUser(realUidOf(input.uid, input.euid, o));
    phase("nproc");
  }
  return { ...base, pathKinds, ...(tasksOfUser !== undefined ? { tasksOfUser } : {}) };
}
