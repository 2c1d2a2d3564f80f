// Which memory rlimit binds lua5.4, for the line hlua's boot prints after
// Lua's own "not enough memory" when a memory error reaches the top of the
// script. The boot gets it as its first argument: "as=256M", "data=128M", or
// "none" (-R, or both unlimited: hlua set no limit that could have bound).
//
// lua5.4 gets ENOMEM from whichever limit its mappings reach first.
// RLIMIT_AS counts every mapping and RLIMIT_DATA only the writable private
// ones (the heap), so with equal values the address space binds first:
// measured with a table of 1M strings, 251M fit under the default
// as=256M/data=256M and under as=256M alone, 255M under data=256M alone
// (-r as=unlimited). The lower value is named.
import { formatRlimitValue, RLIM_INFINITY, type RlimitPlan, type RlimitSetting } from "@hsandbox/core";

/** The value a limit will have, or undefined when it does not bound (inherited, unlimited). */
function bound(s: RlimitSetting | undefined): bigint | undefined {
  if (s === undefined || s.value.kind !== "set" || s.value.value === RLIM_INFINITY) return undefined;
  return s.value.value;
}

export function memoryLimitArg(rlimits: Readonly<RlimitPlan> | undefined): string {
  const as = bound(rlimits?.as);
  const data = bound(rlimits?.data);
  if (as !== undefined && (data === undefined || as <= data))
    return `as=${formatRlimitValue({ kind: "set", value: as })}`;
  if (data !== undefined) return `data=${formatRlimitValue({ kind: "set", value: data })}`;
  return "none";
}
