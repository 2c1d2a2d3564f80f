// Step 4: Landlock. Every rule's path is opened O_PATH (no read access needed,
// no side effects), added to the ruleset, closed; then the calling thread is
// restricted. Node's other threads stay unrestricted until execve kills them.
import {
  LANDLOCK_CREATE_RULESET_VERSION,
  LANDLOCK_RULE_NET_PORT,
  LANDLOCK_RULE_PATH_BENEATH,
} from "@hsandbox/landlock";
import { libc } from "../ffi.js";
import { k, sysnr } from "../kernel.js";
import { check } from "./check.js";

/** The encoded ruleset; each path attr gets its parent_fd written at apply time. */
export interface PreparedLandlock {
  readonly rulesetAttr: Buffer;
  readonly pathRules: readonly { readonly path: string; readonly attr: Buffer }[];
  readonly portRules: readonly { readonly port: number; readonly attr: Buffer }[];
  readonly restrictSelfFlags: number;
}

export function applyLandlock(plan: PreparedLandlock): void {
  const c = libc();
  const fd = check(
    "landlock_create_ruleset",
    c.sysPtrSizeU32(sysnr("landlock_create_ruleset"), plan.rulesetAttr, plan.rulesetAttr.length, 0),
    "the kernel refused the Landlock ruleset; --best-effort runs with what it has",
  );
  try {
    for (const rule of plan.pathRules) {
      const pfd = check(`open(${rule.path}, O_PATH)`, c.open(rule.path, k("O_PATH") | k("O_CLOEXEC"), 0));
      try {
        rule.attr.writeInt32LE(pfd, 8);
        check(
          `landlock_add_rule(${rule.path})`,
          c.sysIntIntPtrU32(sysnr("landlock_add_rule"), fd, LANDLOCK_RULE_PATH_BENEATH, rule.attr, 0),
        );
      } finally {
        c.close(pfd);
      }
    }
    for (const rule of plan.portRules) {
      check(
        `landlock_add_rule(port ${rule.port})`,
        c.sysIntIntPtrU32(sysnr("landlock_add_rule"), fd, LANDLOCK_RULE_NET_PORT, rule.attr, 0),
      );
    }
    check("landlock_restrict_self", c.sysIntU32(sysnr("landlock_restrict_self"), fd, plan.restrictSelfFlags));
  } finally {
    c.close(fd);
  }
}

/** The kernel's Landlock ABI version, 0 when Landlock is unavailable. */
export function landlockAbi(): number {
  const c = libc();
  const v = c.sysPtrSizeU32(sysnr("landlock_create_ruleset"), null, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return v < 0 ? 0 : v;
}
