// Flags of landlock_restrict_self(2) (LANDLOCK_RESTRICT_SELF_*), ABI 7 and
// later. They only change audit logging of denials, never what is denied.
import type { KernelAbi } from "./abi.js";
import { type FlagInfo, flagNames, flagsUpTo, type Mask } from "./mask.js";

/** A set of landlock_restrict_self flags. */
export type RestrictSelfFlags = Mask<"restrict-self">;

export const RestrictSelf = Object.freeze({
  /** Do not log denials of the current executable (until the next execve). ABI 7. */
  LOG_SAME_EXEC_OFF: 1n as RestrictSelfFlags,
  /** Log denials after the next execve (off by default). ABI 7. */
  LOG_NEW_EXEC_ON: 2n as RestrictSelfFlags,
  /** Do not log denials of nested domains created later. ABI 7. */
  LOG_SUBDOMAINS_OFF: 4n as RestrictSelfFlags,
});

export type RestrictSelfFlagName = keyof typeof RestrictSelf;

export const RESTRICT_SELF_FLAGS: readonly FlagInfo<"restrict-self">[] = Object.freeze([
  { name: "LOG_SAME_EXEC_OFF", bit: RestrictSelf.LOG_SAME_EXEC_OFF, abi: 7 },
  { name: "LOG_NEW_EXEC_ON", bit: RestrictSelf.LOG_NEW_EXEC_ON, abi: 7 },
  { name: "LOG_SUBDOMAINS_OFF", bit: RestrictSelf.LOG_SUBDOMAINS_OFF, abi: 7 },
]);

export const ALL_RESTRICT_SELF_FLAGS: RestrictSelfFlags = flagsUpTo(RESTRICT_SELF_FLAGS, 7);

/** The restrict_self flags a kernel with this ABI accepts (0n before ABI 7). */
export function restrictSelfFlagsForAbi(abi: KernelAbi): RestrictSelfFlags {
  return flagsUpTo(RESTRICT_SELF_FLAGS, abi);
}

export function restrictSelfFlagNames(mask: RestrictSelfFlags | bigint): string[] {
  return flagNames(RESTRICT_SELF_FLAGS, mask);
}
