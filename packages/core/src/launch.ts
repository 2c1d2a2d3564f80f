// "apply": the confinement pipeline, in the order docs/design.md gives. Every
// buffer and the seccomp program are prepared first; then the steps run with
// no allocation-heavy JavaScript between them, and the last one is execve.
import { compile, encode, rulesFor } from "@hsandbox/bpf";
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
import { allRules, type Policy, UNPRIVILEGED_UID } from "./policy.js";
import type { ReportHandOff } from "./report/child.js";
import { phase, timingReport } from "./timing.js";

export function compileFilter(policy: Policy, execPathAddress: bigint): Uint8Array {
  const arch = hostArch();
  const rules = allRules(policy, execPathAddress, (p) => rulesFor(p, arch, { selfPid: process.pid }));
  // Hot syscalls first (the host profile's hotSyscalls): same decisions, fewer instructions per call.
  const frequencyOrder = filterOrderOf(policy.host);
  return encode(compile(rules, { arch, defaultAction: policy.seccomp.defaultAction, frequencyOrder }));
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
  // Prepare: after this point nothing is computed, only applied.
  const exec = prepareExec(policy.interpreter, policy.argv, policy.env, policy.host);
  const filter = prepareFilter(compileFilter(policy, exec.pathAddress));
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
  // --report: the same filter, installed with a listener the parent takes (report/child.ts).
  if (handOff) handOff.install(filter);
  else installFilter(filter);
  return execOrDie(exec);
}
