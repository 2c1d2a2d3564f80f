// Started as root: move the *real* uid to an unprivileged one (65534) while
// keeping the effective uid, so that
//  - RLIMIT_NPROC applies (the kernel never applies it to a real uid 0) and
//    counts this sandbox's processes against 65534, not against root;
//  - files keep being opened as the invoking user (euid 0 without any
//    capability: owner bits only), so `npx` packages and scripts under /root
//    stay readable. Landlock, not DAC, is what confines reads.
// The capabilities step then drops every capability and locks securebits
// (NOROOT), so the euid 0 grants nothing at execve.
import { libc } from "../ffi.js";
import { check } from "./check.js";

export function moveRealUid(uid: number): void {
  const c = libc();
  const euid = c.geteuid();
  check("setresuid", c.setresuid(uid, euid, euid), "started as root; --as-root keeps the real uid 0");
  // Supplementary groups of root (e.g. group 0 members) are dropped too.
  check("setgroups", c.setgroups(0, null));
}

/**
 * Every uid and gid to `id`, supplementary groups cleared: for a root launcher
 * whose Landlock policy is incomplete (see IdentityPlan.dropAll). Groups and
 * gids first, while CAP_SETGID is still held.
 */
export function dropToUser(id: number): void {
  const c = libc();
  check("setgroups", c.setgroups(0, null));
  check("setresgid", c.setresgid(id, id, id));
  check("setresuid", c.setresuid(id, id, id));
}
