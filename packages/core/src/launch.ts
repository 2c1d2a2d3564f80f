// "apply": the confinement pipeline, in the order docs/design.md gives. Every
// buffer and the seccomp program are prepared first; then the steps run with
// no allocation-heavy JavaScript between them, and the last one is execve.
import { type Action, compile, encode, type Rule } from "@hsandbox/bpf";
import { type AbiVersion, encodeNetPortAttr, encodePathBeneathAttr, encodeRulesetAttr } from "@hsandbox/landlock";
import { prepareCapabilityDrop } from "./apply/capabilities.js";
import { sanitizeDescriptors } from "./apply/descriptors.js";
import { execOrDie, prepareExec } from "./apply/exec.js";
import { dropToUser, moveRealUid } from "./apply/identity.js";
import { applyLandlock, type PreparedLandlock } from "./apply/landlock.js";
import { setNoNewPrivs } from "./apply/no-new-privs.js";
import { applyRlimits, prepareRlimits } from "./apply/rlimits.js";
import { installFilter, prepareFilter } from "./apply/seccomp.js";
import { resetSignals } from "./apply/signals.js";
import { filterOrderOf } from "./filter-order.js";
import { hostArch } from "./kernel.js";
import { reporterRule } from "./plan/seccomp.js";
import { allRules, type Policy, UNPRIVILEGED_UID } from "./policy.js";
import type { ReportHandOff } from "./report/hand-off.js";
import { phase, timingReport } from "./timing.js";

/** What the launch's filter is compiled from: its rules in order, its default, and what another ABI's calls get. */
export interface FilterSpec {
  readonly rules: readonly Rule[];
  readonly defaultAction: Action;
  readonly foreignAbiAction?: Action;
}

/**
 * The filter the launcher installs. With a reporting process (report/), a
 * refused call goes to its listener (SECCOMP_RET_USER_NOTIF), which then
 * kills or answers EPERM as policy.seccomp.defaultAction says; calls through
 * another ABI (i386's int 0x80, x32) go there too, to be named and always
 * killed; and the launcher's one sendmsg of that listener is allowed, pinned
 * (without the launch's hand-off, as for --explain, with placeholders).
 */
export function filterSpec(policy: Policy, execPathAddress: bigint, report?: Pick<ReportHandOff, "rules">): FilterSpec {
  const arch = hostArch();
  const base = allRules(policy.seccomp, execPathAddress, arch, process.pid);
  if (!policy.seccomp.reporter) return { rules: base, defaultAction: policy.seccomp.defaultAction };
  const notify: Action = { kind: "user-notif" };
  const reporter = report?.rules ?? [reporterRule(-1, 0n, 0)];
  return { rules: [...reporter, ...base], defaultAction: notify, foreignAbiAction: notify };
}

export function compileFilter(
  policy: Policy,
  execPathAddress: bigint,
  report?: Pick<ReportHandOff, "rules">,
): Uint8Array {
  const spec = filterSpec(policy, execPathAddress, report);
  // Hot syscalls first (the host profile's hotSyscalls): same decisions, fewer instructions per call.
  const frequencyOrder = filterOrderOf(policy.host);
  const foreign = spec.foreignAbiAction ? { foreignAbiAction: spec.foreignAbiAction } : {};
  return encode(
    compile(spec.rules, { arch: hostArch(), defaultAction: spec.defaultAction, frequencyOrder, ...foreign }),
  );
}

export function prepareLandlock(policy: Policy): PreparedLandlock | undefined {
  const plan = policy.landlock;
  if (!plan.enforced || plan.abi === 0) return undefined;
  const abi = plan.abi as AbiVersion;
  return {
    rulesetAttr: Buffer.from(
      encodeRulesetAttr({ handledFs: plan.handledFs, handledNet: plan.handledNet, scoped: plan.scoped }, abi),
    ),
    pathRules: plan.pathRules.map((r) => ({ path: r.path, attr: Buffer.from(encodePathBeneathAttr(r.access, -1)) })),
    portRules: plan.portRules.map((r) => ({ port: r.port, attr: Buffer.from(encodeNetPortAttr(r.access, r.port)) })),
    restrictSelfFlags: Number(plan.restrictSelfFlags),
  };
}

/** Confines this process and execs the interpreter. Returns only by throwing. */
export function launch(policy: Policy, handOff?: ReportHandOff): never {
  // The plan and the launch must agree: a reporter's filter with nobody to hand the listener to would refuse silently.
  if (policy.seccomp.reporter !== (handOff !== undefined))
    throw new Error("the reporting process and the plan disagree");
  // Prepare: after this point nothing is computed, only applied.
  const exec = prepareExec(policy.interpreter, policy.argv, policy.env, policy.host);
  const filter = prepareFilter(compileFilter(policy, exec.pathAddress, handOff));
  const landlock = prepareLandlock(policy);
  const rlimits = prepareRlimits(policy.rlimits);
  const caps = prepareCapabilityDrop();
  for (const w of policy.identity.warnings) process.stderr.write(`${policy.host}: warning: ${w}\n`);
  for (const d of policy.landlock.dropped) process.stderr.write(`${policy.host}: best effort: ${d.message}\n`);
  phase("compile");

  // Apply.
  resetSignals();
  setNoNewPrivs();
  caps.lock();
  if (policy.identity.dropAll) dropToUser(policy.identity.moveRealUidTo ?? UNPRIVILEGED_UID);
  else if (policy.identity.moveRealUidTo !== undefined) moveRealUid(policy.identity.moveRealUidTo);
  caps.clear();
  sanitizeDescriptors();
  if (landlock) applyLandlock(landlock);
  applyRlimits(rlimits);
  phase("apply");
  timingReport();
  // The reporting process: the same filter, with a listener handed to it (report/hand-off.ts).
  // (H_TEST_SECCOMP_FAIL's failure is installFilter's, with or without a reporter.)
  if (handOff && !filter.failForTest) handOff.install(filter);
  else installFilter(filter);
  return execOrDie(exec);
}
