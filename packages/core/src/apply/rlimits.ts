// Step 5: rlimits, soft = hard. Applied as late as possible — after Landlock,
// right before seccomp — because Node itself already exceeds the script's
// limits (address space, open files) and must not allocate after this.
import { libc } from "../ffi.js";
import { RLIM_INFINITY, RLIMIT, type RlimitName, type RlimitPlan } from "../rlimits.js";
import { check } from "./check.js";

export interface PreparedRlimits {
  readonly entries: readonly { readonly name: RlimitName; readonly resource: number; readonly buf: Buffer }[];
}

export function prepareRlimits(plan: RlimitPlan, overrides: Partial<Record<RlimitName, bigint>> = {}): PreparedRlimits {
  const entries = [];
  for (const [name, setting] of Object.entries(plan) as [RlimitName, RlimitPlan[RlimitName]][]) {
    let value = overrides[name] ?? (setting.value.kind === "set" ? setting.value.value : undefined);
    if (value === undefined) continue;
    // Without CAP_SYS_RESOURCE a hard limit can only go down: never ask for
    // more than the launcher's own hard limit (the caller's limit wins).
    const hard = currentHardLimit(RLIMIT[name]);
    if (value > hard) value = hard;
    const buf = Buffer.alloc(16);
    buf.writeBigUInt64LE(value, 0);
    // CPU: a hard limit equal to the soft one makes the kernel send SIGKILL
    // at the same tick as SIGXCPU; one second more lets SIGXCPU (the signal
    // that says why) arrive first. The script cannot raise the soft limit:
    // the filter answers setrlimit/prlimit with EPERM.
    const hardValue = name === "cpu" && value < hard && value !== RLIM_INFINITY ? value + 1n : value;
    buf.writeBigUInt64LE(hardValue, 8);
    entries.push({ name, resource: RLIMIT[name], buf });
  }
  return { entries };
}

export function currentHardLimit(resource: number): bigint {
  const buf = Buffer.alloc(16);
  check("getrlimit", libc().getrlimit(resource, buf));
  return buf.readBigUInt64LE(8);
}

export function applyRlimits(p: PreparedRlimits): void {
  const c = libc();
  for (const e of p.entries) {
    check(
      `setrlimit(RLIMIT_${e.name.toUpperCase()})`,
      c.setrlimit(e.resource, e.buf),
      "lower values are always allowed; is the value above a hard limit set by the caller?",
    );
  }
}
