// "plan": everything the sandbox will do, computed before anything is applied.
// The result is plain data that --explain prints and launch.ts applies.
import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Action, errno, killProcess, type PromiseName, type Rule } from "@hsandbox/bpf";
import {
  AccessFs,
  type FsAccess,
  type KernelAbi,
  LandlockPlanError,
  type PathRuleRequest,
  type Plan,
  planLandlock,
  READ,
  READ_WRITE,
} from "@hsandbox/landlock";
import { cachedLibraryClosure } from "./cache.js";
import type { ParsedCommandLine } from "./cli.js";
import { HostError, UsageError } from "./errors.js";
import { countTasksOfUser } from "./nproc.js";
import type { GrantRight, HostProfile, LaunchContext, PathGrant } from "./profile.js";
import {
  checkSession,
  historyGrant,
  historyRules,
  type SessionPlan,
  sessionKind,
  terminalEnv,
  terminalGrants,
  terminalRules,
} from "./repl.js";
import { type FoundScript, findInterpreter, findScript } from "./resolve.js";
import { planRlimits, type RlimitPlan } from "./rlimits.js";
import { phase } from "./timing.js";

export const UNPRIVILEGED_UID = 65534;

export interface IdentityPlan {
  /** Started as root: the real uid moves here (see apply/identity.ts). */
  readonly moveRealUidTo?: number;
  /**
   * Move the effective uid and gid too (to 65534). Used when a root launcher
   * runs with Landlock not enforcing the whole policy (--best-effort): euid 0
   * without capabilities still owns root's files (/etc/passwd is 0644 root),
   * and only Landlock would keep the script from writing them.
   */
  readonly dropAll?: boolean;
  readonly warnings: readonly string[];
}

export interface SeccompPolicy {
  readonly promises: readonly PromiseName[];
  /** Host and launcher rules, checked before the promises' rules. */
  readonly rules: readonly Rule[];
  readonly defaultAction: Action;
  /** execve is allowed only for the interpreter's path pointer ("pinned") or, with -x, for any path. */
  readonly exec: "pinned" | "any";
}

export interface Policy {
  readonly host: string;
  readonly hostVersion: string;
  readonly interpreter: string;
  /** Absent in a session without a script (see session). */
  readonly script?: FoundScript;
  /** A prompt or a program on stdin instead of a script (core/repl.ts). */
  readonly session?: SessionPlan;
  readonly args: readonly string[];
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly grants: readonly PathGrant[];
  readonly landlock: Plan;
  readonly seccomp: SeccompPolicy;
  readonly rlimits: RlimitPlan;
  /** RLIMIT_NPROC as computed at launch (tasks the real uid already runs + allowance). */
  readonly nproc?: { readonly running: number; readonly allowance: number; readonly why: string };
  readonly identity: IdentityPlan;
}

const RIGHTS: Record<GrantRight, FsAccess> = {
  read: READ,
  exec: AccessFs.EXECUTE as FsAccess,
  write: READ_WRITE,
  list: AccessFs.READ_DIR as FsAccess,
};

function toMask(rights: readonly GrantRight[]): FsAccess {
  let m = 0n;
  for (const r of rights) m |= RIGHTS[r];
  return m as FsAccess;
}

/** Grants → Landlock rule requests; a missing optional path is dropped, a missing required one refused. */
export function grantsToRules(grants: readonly PathGrant[]): PathRuleRequest[] {
  const out: PathRuleRequest[] = [];
  for (const g of grants) {
    let isDir: boolean;
    try {
      isDir = statSync(g.path).isDirectory();
    } catch {
      if (g.optional) continue;
      throw new UsageError(`cannot grant ${g.path} (${g.reason}): no such file or directory`);
    }
    out.push({ path: g.path, access: toMask(g.rights), kind: isDir ? "dir" : "file", reason: g.reason });
  }
  return out;
}

/** The package directory of a host: bin.js lives in <pkg>/dist. */
export function packageDirOf(moduleUrl: string): string {
  return resolve(dirname(fileURLToPath(moduleUrl)), "..");
}

/**
 * The launcher's own rule, checked before the host's and the promises'. The
 * answers every profile gets (clone3 and io_uring → ENOSYS, setting rlimits →
 * EPERM) are @hsandbox/bpf's ALWAYS_DENIED, appended by rulesFor.
 */
export function launcherRules(exec: "pinned" | "any", execPathAddress: bigint): Rule[] {
  return [
    exec === "pinned"
      ? {
          syscall: "execve",
          action: { kind: "allow" },
          when: [{ arg: 0, test: { op: "eq", value: execPathAddress } }],
          why: "the launcher's one execve of the interpreter (path pointer pinned; Landlock allows executing only the interpreter)",
        }
      : {
          syscall: "execve",
          action: { kind: "allow" },
          why: "which files may be executed is Landlock's EXECUTE right",
        },
  ];
}

export interface PolicyInput {
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

export function buildPolicy(input: PolicyInput): Policy {
  const { profile, cli, packageDir } = input;
  const o = cli.options;
  const kind = sessionKind(cli, input.stdinIsTty === true);
  const history = kind === "script" ? undefined : checkSession(profile, cli, kind);
  if (o.execScriptDir && !profile.execPromises) {
    throw new UsageError(
      `-x is not supported by ${profile.name}`,
      `${profile.name} scripts have no way to run programs`,
    );
  }
  const script = kind === "script" ? findScript(cli.script!) : undefined;
  const { binary: interpreter } = findInterpreter(profile.interpreter, o.interpreter);
  phase("discovery");
  const tmp = o.tmp ? resolve(input.environ.TMPDIR || tmpdir()) : undefined;
  // Pure, and planned early so that argv can see them (nproc is filled in below).
  const rlimits = planRlimits(profile.rlimits, o.rlimits, o.inheritRlimits);
  // What the command line grants (Landlock gets them right after the script).
  const userGrants: PathGrant[] = [];
  if (o.execScriptDir && script)
    userGrants.push({ path: script.dir, rights: ["read", "exec"], reason: "-x: script directory" });
  else if (o.scriptDir && script)
    userGrants.push({ path: script.dir, rights: ["read"], reason: "-s: script directory" });
  if (tmp) userGrants.push({ path: tmp, rights: ["read", "write"], reason: "-t: temp dir" });
  if (o.localtime)
    userGrants.push({ path: "/etc/localtime", rights: ["read"], reason: "-l: local time zone", optional: true });
  for (const p of o.allowRead) userGrants.push({ path: resolve(p), rights: ["read"], reason: "--allow-read" });
  for (const p of o.allowWrite)
    userGrants.push({ path: resolve(p), rights: ["read", "write"], reason: "--allow-write" });
  if (history) userGrants.push(historyGrant(history));
  const ctx: LaunchContext = {
    interpreter,
    script: script?.path ?? "",
    scriptDir: script?.dir ?? "",
    ...(kind !== "script" ? { session: kind } : {}),
    ...(history ? { history } : {}),
    args: cli.args,
    packageDir,
    ...(tmp ? { tmpDir: tmp } : {}),
    ...(cli.hostOptions ? { hostOptions: cli.hostOptions } : {}),
    exec: o.execScriptDir,
    userGrants,
    rlimits,
  };

  // Files.
  const closure = cachedLibraryClosure(interpreter);
  if (closure.missing.length > 0) {
    throw new HostError(`${interpreter} needs libraries that cannot be found: ${closure.missing.join(", ")}`);
  }
  phase("closure");
  const grants: PathGrant[] = [{ path: interpreter, rights: ["read", "exec"], reason: "interpreter" }];
  if (closure.interpreter) {
    grants.push({ path: closure.interpreter, rights: ["read", "exec"], reason: "dynamic loader" });
  }
  for (const lib of closure.libraries)
    grants.push({ path: lib.realPath, rights: ["read"], reason: `library ${lib.soname}` });
  grants.push({ path: "/etc/ld.so.cache", rights: ["read"], reason: "the loader's library index", optional: true });
  grants.push(...(profile.grants?.(ctx) ?? []));
  phase("hostGrants");
  if (script) grants.push({ path: script.real, rights: ["read"], reason: "script" });
  const terminal = kind === "repl" ? terminalGrants(input.environ.TERM) : [];
  grants.push(...terminal);
  grants.push(...userGrants);

  let landlock: Plan;
  try {
    landlock = planLandlock(
      { pathRules: grantsToRules(grants) },
      input.landlockAbi,
      o.bestEffort ? "best-effort" : "strict",
    );
  } catch (e) {
    if (e instanceof LandlockPlanError && e.kind === "unsupported") {
      throw new HostError(
        `the kernel cannot enforce this sandbox: ${e.problems.join("; ")}`,
        "--best-effort runs with what the kernel has and says what was dropped",
      );
    }
    throw e;
  }

  // System calls.
  // Which files may be written is Landlock's decision: hosts promise wpath and
  // cpath so that a denied write is a readable EACCES, not a SIGSYS. chmod,
  // chown and utimes are not Landlock rights, so fattr is never implied.
  const promises = new Set<PromiseName>(profile.promises);
  if (o.execScriptDir) for (const p of profile.execPromises ?? []) promises.add(p);
  const exec = o.execScriptDir || profile.exec === "landlock" ? "any" : "pinned";
  const defaultAction = o.onViolation === "errno" ? errno(1) : killProcess;
  // Without a script: the session's rules (and, on a terminal, the terminal's) come first.
  const sessionRules = [
    ...(kind === "repl" ? terminalRules(defaultAction) : []),
    ...(history ? historyRules() : []),
    ...(kind !== "script" ? (profile.repl?.rules ?? []) : []),
  ];
  const seccomp: SeccompPolicy = {
    promises: [...promises],
    rules: sessionRules.length ? [...sessionRules, ...(profile.rules ?? [])] : (profile.rules ?? []),
    defaultAction,
    exec,
  };

  // Limits and identity.
  const isRoot = input.uid === 0 || input.euid === 0;
  const warnings: string[] = [];
  let realUid = input.uid;
  if (isRoot && !o.asRoot) realUid = UNPRIVILEGED_UID;
  if (isRoot && o.asRoot && profile.processAllowance) {
    warnings.push(
      "running with real uid 0 (--as-root): the kernel never applies RLIMIT_NPROC to uid 0, so new processes are not bounded",
    );
  }
  // Root with an incomplete Landlock (--best-effort on an older kernel): the
  // effective uid goes too, so file permissions protect root's files.
  const landlockComplete = landlock.enforced && landlock.dropped.every((d) => d.effect !== "weaker");
  const dropAll = isRoot && !o.asRoot && !landlockComplete;
  if (dropAll) {
    warnings.push(
      `Landlock does not enforce the whole policy on this kernel, so the script runs entirely as uid ${UNPRIVILEGED_UID} (files must be readable by it)`,
    );
  }
  let nproc: Policy["nproc"];
  const nprocSetByUser = o.inheritRlimits || o.rlimits.some(([n]) => n === "nproc");
  if (!nprocSetByUser) {
    if (profile.processAllowance && !promises.has("proc")) {
      // Threads only (the filter denies fork): RLIMIT_NPROC is per real uid
      // across the machine, so "running + allowance" taken at one launch is
      // eaten by the next concurrent launch's threads (50 concurrent hnode
      // launches starved each other). The address-space limit bounds threads
      // here (each reserves a stack), so the caller's own limit stays.
      rlimits.nproc = {
        value: { kind: "inherit" },
        source: "default: threads only (fork is denied by the filter), bounded by the address-space limit",
      };
    } else if (profile.processAllowance) {
      phase("planning");
      const running = countTasksOfUser(realUid);
      phase("nproc");
      nproc = { running, allowance: profile.processAllowance.count, why: profile.processAllowance.why };
      rlimits.nproc = {
        value: { kind: "set", value: BigInt(running + profile.processAllowance.count) },
        source: `default: ${running} tasks uid ${realUid} already runs + ${profile.processAllowance.count} (${profile.processAllowance.why})`,
      };
    }
  }

  // Environment: empty, plus what the profile needs, plus --env.
  const env: Record<string, string> = { ...(profile.env?.(ctx) ?? {}) };
  if (tmp) env.TMPDIR = tmp;
  for (const e of o.env) {
    const eq = e.indexOf("=");
    if (eq >= 0) env[e.slice(0, eq)] = e.slice(eq + 1);
    else {
      const v = input.environ[e];
      if (v !== undefined) env[e] = v;
    }
  }

  let session: SessionPlan | undefined;
  if (kind !== "script") {
    const tEnv = kind === "repl" ? terminalEnv(input.environ) : {};
    // Terminal variables first: --env may override them.
    for (const [k, v] of Object.entries({ ...tEnv, ...(profile.repl?.env?.(ctx) ?? {}) })) if (!(k in env)) env[k] = v;
    session = {
      kind,
      ...(history ? { history } : {}),
      ...(kind === "repl" ? { terminal: { grants: terminal, rules: terminalRules(defaultAction), env: tEnv } } : {}),
    };
  }

  phase("planning");
  return {
    host: profile.name,
    hostVersion: profile.version,
    interpreter,
    ...(script ? { script } : {}),
    ...(session ? { session } : {}),
    args: cli.args,
    argv: kind === "script" ? profile.argv(ctx) : profile.repl!.argv(ctx),
    env,
    grants,
    landlock,
    seccomp,
    rlimits,
    ...(nproc ? { nproc } : {}),
    identity: {
      ...(realUid !== input.uid ? { moveRealUidTo: realUid } : {}),
      ...(dropAll ? { dropAll } : {}),
      warnings,
    },
  };
}

/** Every rule the filter is compiled from, in order. */
export function allRules(
  policy: Policy,
  execPathAddress: bigint,
  promiseRules: (p: readonly PromiseName[]) => Rule[],
): Rule[] {
  return [
    ...launcherRules(policy.seccomp.exec, execPathAddress),
    ...policy.seccomp.rules,
    ...promiseRules(policy.seccomp.promises),
  ];
}
