// The typed vocabulary of seccomp policies. Host code and promise groups speak
// only this; the compiler (compile.ts) is the one place that turns it into BPF.
//
// Design rule: there is no way to express "jset as set membership". A predicate
// says exactly which 64-bit argument values pass, and the compiler checks both
// 32-bit halves of the argument.

import type { SyscallName } from "./syscalls/index.js";

/** What the kernel does when a rule matches (or, as the default, when none does). */
export type Action =
  | { readonly kind: "allow" }
  | { readonly kind: "errno"; readonly errno: number }
  | { readonly kind: "kill-process" }
  | { readonly kind: "kill-thread" }
  | { readonly kind: "trap"; readonly data?: number }
  | { readonly kind: "log" }
  | { readonly kind: "user-notif" };

export const allow: Action = Object.freeze({ kind: "allow" });
export const killProcess: Action = Object.freeze({ kind: "kill-process" });
export const log: Action = Object.freeze({ kind: "log" });
export const errno = (e: number): Action => Object.freeze({ kind: "errno", errno: e });
export const trap = (data = 0): Action => Object.freeze({ kind: "trap", data });

/** Index of a syscall argument in seccomp_data.args. */
export type ArgIndex = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * A test on the full 64-bit value of one argument. Values are bigint so that
 * "-1 as unsigned long" and values above 2^53 are exact.
 */
export type ArgTest =
  /** arg == value */
  | { readonly op: "eq"; readonly value: bigint }
  /** arg != value */
  | { readonly op: "ne"; readonly value: bigint }
  /** arg is one of the values (each compared in full) */
  | { readonly op: "oneOf"; readonly values: readonly bigint[] }
  /** (arg & ~mask) == 0: no bit outside mask is set */
  | { readonly op: "flagsSubsetOf"; readonly mask: bigint }
  /** (arg & mask) == 0: none of these bits is set */
  | { readonly op: "hasNoneOf"; readonly mask: bigint }
  /** (arg & mask) == value */
  | { readonly op: "maskedEq"; readonly mask: bigint; readonly value: bigint };

export interface ArgPredicate {
  readonly arg: ArgIndex;
  readonly test: ArgTest;
}

/**
 * One rule: when `syscall` is called and every predicate in `when` holds,
 * take `action`. Rules for the same syscall are tried in order; the first
 * that matches wins; if none matches, the filter's default action applies.
 */
export interface Rule {
  /** Syscall name as in the kernel's unistd tables, e.g. "openat". */
  readonly syscall: SyscallName;
  readonly action: Action;
  /** Conjunction of argument tests; empty or absent means "always". */
  readonly when?: readonly ArgPredicate[];
  /** Why this rule exists, for --explain and for reviewers. */
  readonly why?: string;
}

// Small constructors so rule tables read like prose.
const u64 = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));
export const eq = (arg: ArgIndex, value: number | bigint): ArgPredicate => ({
  arg,
  test: { op: "eq", value: u64(value) },
});
export const ne = (arg: ArgIndex, value: number | bigint): ArgPredicate => ({
  arg,
  test: { op: "ne", value: u64(value) },
});
export const oneOf = (arg: ArgIndex, values: readonly (number | bigint)[]): ArgPredicate => ({
  arg,
  test: { op: "oneOf", values: values.map(u64) },
});
export const flagsSubsetOf = (arg: ArgIndex, mask: number | bigint): ArgPredicate => ({
  arg,
  test: { op: "flagsSubsetOf", mask: u64(mask) },
});
export const hasNoneOf = (arg: ArgIndex, mask: number | bigint): ArgPredicate => ({
  arg,
  test: { op: "hasNoneOf", mask: u64(mask) },
});
export const maskedEq = (arg: ArgIndex, mask: number | bigint, value: number | bigint): ArgPredicate => ({
  arg,
  test: { op: "maskedEq", mask: u64(mask), value: u64(value) },
});

/** Architectures we build filters for. */
export type Arch = "x86_64" | "aarch64";

/** The register snapshot seccomp hands a filter (struct seccomp_data). */
export interface SeccompData {
  readonly nr: number;
  readonly arch: number;
  readonly instructionPointer: bigint;
  readonly args: readonly [bigint, bigint, bigint, bigint, bigint, bigint];
}
