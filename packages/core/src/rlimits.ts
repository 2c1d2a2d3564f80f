// Resource limits by the names prlimit(1) uses. Pure: parsing, defaults and
// merging; applying them is apply/rlimits.ts's job (a launch step).
import { UsageError } from "./errors.js";

/** RLIMIT_* numbers on Linux (x86_64 and aarch64 agree). */
export const RLIMIT = {
  cpu: 0,
  fsize: 1,
  data: 2,
  stack: 3,
  core: 4,
  rss: 5,
  nproc: 6,
  nofile: 7,
  memlock: 8,
  as: 9,
  locks: 10,
  sigpending: 11,
  msgqueue: 12,
  nice: 13,
  rtprio: 14,
  rttime: 15,
} as const;

export type RlimitName = keyof typeof RLIMIT;
export const RLIMIT_NAMES = Object.keys(RLIMIT) as RlimitName[];

/** What each limit bounds, for --explain and -h. */
export const RLIMIT_UNITS: Record<RlimitName, string> = {
  cpu: "seconds of CPU time",
  fsize: "bytes per file written",
  data: "bytes of data segment",
  stack: "bytes of stack",
  core: "bytes of core dump",
  rss: "bytes resident (not enforced by Linux)",
  nproc: "processes and threads of the real user",
  nofile: "open file descriptors",
  memlock: "bytes locked in memory",
  as: "bytes of address space",
  locks: "file locks",
  sigpending: "queued signals",
  msgqueue: "bytes in POSIX message queues",
  nice: "nice ceiling (20 - value)",
  rtprio: "real-time priority",
  rttime: "microseconds of real-time CPU",
};

export const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

/**
 * One limit's setting. `inherit` keeps whatever the launcher had; a number
 * (bigint, RLIM_INFINITY for unlimited) sets soft = hard, so the script cannot
 * raise it again.
 */
export type RlimitValue = { kind: "inherit" } | { kind: "set"; value: bigint };

export type RlimitSettings = Record<RlimitName, RlimitValue>;

export interface RlimitSetting {
  readonly value: RlimitValue;
  /** Where the value came from: "default: why", "-r nofile=64", "-R". */
  readonly source: string;
}

export type RlimitPlan = Record<RlimitName, RlimitSetting>;

const SUFFIX: Record<string, bigint> = { "": 1n, K: 1n << 10n, M: 1n << 20n, G: 1n << 30n, T: 1n << 40n };

/** Parses "64M", "1G", "unlimited", "inherit", "0" (case-insensitive suffix). */
export function parseRlimitValue(name: RlimitName, text: string): RlimitValue {
  const t = text.trim();
  if (t === "inherit") return { kind: "inherit" };
  if (t === "unlimited" || t === "infinity") return { kind: "set", value: RLIM_INFINITY };
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(t);
  if (!m) {
    throw new UsageError(
      `bad value for rlimit ${name}: '${text}'`,
      "use a whole number with an optional K, M, G or T suffix, 'unlimited' or 'inherit'",
    );
  }
  const value = BigInt(m[1]!) * SUFFIX[m[2]!.toUpperCase()]!;
  if (value >= RLIM_INFINITY) throw new UsageError(`rlimit ${name} value '${text}' is too large`);
  return { kind: "set", value };
}

export function isRlimitName(s: string): s is RlimitName {
  return Object.hasOwn(RLIMIT, s);
}

/** Parses one `-r NAME=VALUE`. */
export function parseRlimitAssignment(text: string): [RlimitName, RlimitValue] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UsageError(`bad -r value '${text}'`, "write -r NAME=VALUE, e.g. -r nofile=64");
  const name = text.slice(0, eq).trim().toLowerCase();
  if (!isRlimitName(name)) {
    throw new UsageError(`unknown rlimit '${name}'`, `known: ${RLIMIT_NAMES.join(", ")}`);
  }
  return [name, parseRlimitValue(name, text.slice(eq + 1))];
}

/** "64M"-style text for explain output. */
export function formatRlimitValue(v: RlimitValue): string {
  if (v.kind === "inherit") return "inherited";
  if (v.value === RLIM_INFINITY) return "unlimited";
  for (const [s, mul] of [
    ["G", 1n << 30n],
    ["M", 1n << 20n],
    ["K", 1n << 10n],
  ] as const) {
    if (v.value >= mul && v.value % mul === 0n) return `${v.value / mul}${s}`;
  }
  return String(v.value);
}

/**
 * Combines a host's defaults with the command line: `-R` turns every limit
 * into `inherit`; each `-r` then overrides one.
 */
export function planRlimits(
  defaults: Record<RlimitName, { value: string; why: string }>,
  overrides: readonly (readonly [RlimitName, RlimitValue])[],
  inheritAll: boolean,
): RlimitPlan {
  const plan = {} as RlimitPlan;
  for (const name of RLIMIT_NAMES) {
    const d = defaults[name];
    plan[name] = inheritAll
      ? { value: { kind: "inherit" }, source: "-R" }
      : { value: parseRlimitValue(name, d.value), source: `default: ${d.why}` };
  }
  for (const [name, value] of overrides) plan[name] = { value, source: `-r ${name}` };
  return plan;
}
