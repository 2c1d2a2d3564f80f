// The policy: everything the sandbox will do, computed before anything is
// applied. discover (discover.ts) does every look at the machine, once, and
// returns plain facts; plan (plan/index.ts) is pure and turns facts, the
// command line and the host profile into a Policy; launch (launch.ts)
// applies it; --explain renders it.
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Arch, type Rule, rulesFor } from "@hsandbox/bpf";
import { type DiscoverInput, discover } from "./discover.js";
import { type Policy, plan } from "./plan/index.js";
import { launcherRules, type SeccompPolicy } from "./plan/seccomp.js";
import { phase } from "./timing.js";

export { cachedProbe, probeWithCache } from "./cache.js";
export type { DiscoverInput } from "./discover.js";
export { discover, ensureHistoryFile } from "./discover.js";
export type { Facts } from "./facts.js";
export { grantsToRules, type PathKind, type PathKinds } from "./plan/grants.js";
export { type IdentityPlan, UNPRIVILEGED_UID } from "./plan/identity.js";
export { type Policy, plan } from "./plan/index.js";
export type { NprocPlan } from "./plan/nproc.js";
export { startsProcesses } from "./plan/nproc.js";
export { launcherRules, planSeccomp, type SeccompPolicy } from "./plan/seccomp.js";

export type PolicyInput = DiscoverInput;

/** discover, then plan. */
export function buildPolicy(input: PolicyInput): Policy {
  const facts = discover(input);
  const policy = plan(facts, input.cli, input.profile);
  phase("planning");
  return policy;
}

/** The package directory of a host: bin.js lives in <pkg>/dist. */
export function packageDirOf(moduleUrl: string): string {
  return resolve(dirname(fileURLToPath(moduleUrl)), "..");
}

/**
 * Every rule a seccomp policy's filter is compiled from, in order: the
 * launcher's, the host's (session and -x rules first, as planSeccomp put
 * them), then the promises' with ALWAYS_DENIED. The launch compiles this, and
 * so do the tests that check a host's real filter.
 */
export function allRules(seccomp: SeccompPolicy, execPathAddress: bigint, arch: Arch, selfPid: number): Rule[] {
  return [
    ...launcherRules(seccomp.exec, execPathAddress),
    ...seccomp.rules,
    ...rulesFor(seccomp.promises, arch, { selfPid }),
  ];
}
