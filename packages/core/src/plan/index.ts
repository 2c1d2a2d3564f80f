// plan: everything the sandbox will do, from facts discover.ts gathered, the
// command line and the host profile. Pure (no file, process or clock is
// looked at): each part is a small planner with table-driven unit tests, and
// the result is plain data that --explain renders and launch.ts applies.
//
// The host profile's own functions (argv, env, grants) are called here with
// a LaunchContext; the host's probe answer (HostProfile.probe) is in it, so
// they need not look at the machine either.
import { LandlockPlanError, type Plan, planLandlock } from "@hsandbox/landlock";
import type { ParsedCommandLine } from "../cli.js";
import { HostError } from "../errors.js";
import type { Facts } from "../facts.js";
import type { HostProfile, LaunchContext, PathGrant } from "../profile.js";
import type { FoundScript } from "../resolve.js";
import { planRlimits, type RlimitPlan } from "../rlimits.js";
import { planEnv } from "./env.js";
import { grantsToRules, planGrants, userGrants } from "./grants.js";
import { type IdentityPlan, planIdentity, realUidOf } from "./identity.js";
import { type NprocPlan, planNproc, reporterTasksOf, startsProcesses, withNproc } from "./nproc.js";
import { defaultActionOf, planSeccomp, type SeccompPolicy } from "./seccomp.js";
import { checkSessionFlags, historyGrant, planSession, type SessionPlan, sessionKind } from "./session.js";

export interface Policy {
  readonly host: string;
  readonly hostVersion: string;
  readonly interpreter: string;
  /** Absent in a session without a script (see session). */
  readonly script?: FoundScript;
  /** A prompt or a program on stdin instead of a script (plan/session.ts). */
  readonly session?: SessionPlan;
  readonly args: readonly string[];
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly grants: readonly PathGrant[];
  readonly landlock: Plan;
  readonly seccomp: SeccompPolicy;
  readonly rlimits: RlimitPlan;
  /** RLIMIT_NPROC as computed at launch (tasks the real uid already runs + allowance). */
  readonly nproc?: NprocPlan;
  readonly identity: IdentityPlan;
}

/** The parts of a plan the host's functions see and discover.ts needs before stat'ing grants. */
export interface Preplan {
  readonly kind: ReturnType<typeof sessionKind>;
  readonly ctx: LaunchContext;
  readonly grants: PathGrant[];
  readonly terminal: readonly PathGrant[];
  readonly rlimits: RlimitPlan;
}

/** Session, context and grants: the part of the plan that decides which paths discover must stat. */
export function preplan(
  facts: Omit<Facts, "pathKinds" | "tasksOfUser">,
  cli: ParsedCommandLine,
  profile: HostProfile,
): Preplan {
  const o = cli.options;
  const kind = sessionKind(cli, facts.stdinIsTty);
  checkSessionFlags(profile, cli, kind);
  const script = kind === "script" ? facts.script : undefined;
  const history = kind === "repl" ? facts.history : undefined;
  // Pure, and planned early so that argv can see them (nproc is filled in by planNproc).
  const rlimits = planRlimits(profile.rlimits, o.rlimits, o.inheritRlimits);
  const user = userGrants(o, script, facts.tmpDir, history ? historyGrant(history.path, history.exists) : undefined);
  const ctx: LaunchContext = {
    interpreter: facts.interpreter,
    script: script?.path ?? "",
    scriptDir: script?.dir ?? "",
    ...(kind !== "script" ? { session: kind } : {}),
    ...(history ? { history: history.path } : {}),
    args: cli.args,
    packageDir: facts.packageDir,
    ...(facts.tmpDir ? { tmpDir: facts.tmpDir } : {}),
    ...(cli.hostOptions ? { hostOptions: cli.hostOptions } : {}),
    exec: o.execScriptDir,
    userGrants: user,
    rlimits,
    ...(facts.probe !== undefined ? { probe: facts.probe } : {}),
  };
  const terminal = kind === "repl" ? facts.terminalGrants : [];
  const grants = planGrants({
    interpreter: facts.interpreter,
    closure: facts.closure,
    host: profile.grants?.(ctx) ?? [],
    ...(script ? { script } : {}),
    terminal,
    user,
  });
  return { kind, ctx, grants, terminal, rlimits };
}

export function plan(facts: Facts, cli: ParsedCommandLine, profile: HostProfile): Policy {
  const o = cli.options;
  const { kind, ctx, grants, rlimits } = preplan(facts, cli, profile);
  const script = kind === "script" ? facts.script : undefined;
  const history = kind === "repl" ? facts.history?.path : undefined;

  let landlock: Plan;
  try {
    landlock = planLandlock(
      { pathRules: grantsToRules(grants, facts.pathKinds) },
      facts.landlockAbi,
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

  const defaultAction = defaultActionOf(o);
  const session = planSession(
    {
      kind,
      ...(history ? { history } : {}),
      terminalGrants: facts.terminalGrants,
      inputrc: facts.inputrc,
      environ: facts.environ,
    },
    profile,
    defaultAction,
    kind !== "script" ? (profile.repl?.env?.(ctx) ?? {}) : {},
  );
  const seccomp = planSeccomp(profile, o, session.rules);
  const identity = planIdentity(facts, o, landlock, profile.processAllowance !== undefined);
  const realUid = realUidOf(facts.uid, facts.euid, o);
  const { limit, nproc } = planNproc(
    profile.processAllowance,
    o,
    startsProcesses(seccomp.promises, seccomp.rules),
    realUid,
    facts.tasksOfUser,
    reporterTasksOf(o, facts.uid, realUid),
  );
  const env = planEnv(profile.env?.(ctx) ?? {}, o, facts.tmpDir, facts.environ, session.env);

  return {
    host: profile.name,
    hostVersion: profile.version,
    interpreter: facts.interpreter,
    ...(script ? { script } : {}),
    ...(session.session ? { session: session.session } : {}),
    args: cli.args,
    argv: kind === "script" ? profile.argv(ctx) : profile.repl!.argv(ctx),
    env,
    grants,
    landlock,
    seccomp,
    rlimits: withNproc(rlimits, limit),
    ...(nproc ? { nproc } : {}),
    identity,
  };
}
