// The seccomp compiler: typed rules (rule.ts) in, a classic BPF program out.
// This is the only place where policy becomes BPF; host code never writes it.
//
// Shape of every program:
//   (a) ld arch; jeq AUDIT_ARCH_<arch> else KILL_PROCESS   (foreign arch, e.g.
//       i386 via int 0x80, is always killed, whatever the default)
//   (b) ld nr; on x86_64 jge 0x40000000 -> KILL_PROCESS    (the x32 ABI)
//   (c) dispatch on nr: the `frequencyOrder` syscalls first, linearly; then a
//       balanced binary search (jge) over the sorted numbers, with linear runs
//       of jeq at the leaves
//   (d) per syscall its rules in order; each predicate checks the FULL 64-bit
//       argument, high word (16+8i+4) and low word (16+8i) separately; the
//       first rule whose predicates all hold returns its action
//   (e) the default action for everything else.
//
// jset is never used for set membership. It appears only for hasNoneOf, where
// "A & mask != 0" — any forbidden bit set — is exactly the failing condition.
//
// Conditional jumps reach 255 instructions; a layout pass (layout()) turns
// longer ones into `ja` trampolines (32-bit offset) until everything fits, so
// any rule set whose program fits in BPF_MAXINSNS compiles.

import {
  BPF_ABS,
  BPF_ALU,
  BPF_AND,
  BPF_JA,
  BPF_JEQ,
  BPF_JGE,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LD,
  BPF_MAXINSNS,
  BPF_RET,
  BPF_W,
  type Insn,
} from "./insn.js";
import { execute } from "./interp.js";
import type { Action, Arch, ArgPredicate, ArgTest, Rule, SeccompData } from "./rule.js";
import { type SyscallName, syscallNumber } from "./syscalls/index.js";

/** AUDIT_ARCH_* of <linux/audit.h>: EM_* | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE. */
export const AUDIT_ARCH: Readonly<Record<Arch, number>> = Object.freeze({
  x86_64: 0xc000003e,
  aarch64: 0xc00000b7,
});
/** x32 syscalls on x86_64 have this bit set in nr; we never allow them. */
export const X32_SYSCALL_BIT = 0x40000000;

/** Dispatch runs of at most this many syscall numbers are tested linearly. */
const LINEAR_MAX = 5;
const MAX_JUMP = 255;
const MASK64 = (1n << 64n) - 1n;

export class UnknownSyscallError extends Error {
  override readonly name = "UnknownSyscallError";
  constructor(
    readonly syscall: string,
    readonly arch: Arch,
  ) {
    super(`unknown syscall '${syscall}' on ${arch} (pass { skipUnknown: true } to drop it)`);
  }
}

export class FilterTooLargeError extends Error {
  override readonly name = "FilterTooLargeError";
  constructor(readonly length: number) {
    super(`the filter needs ${length} instructions; the kernel accepts at most ${BPF_MAXINSNS}`);
  }
}

export class InvalidRuleError extends Error {
  override readonly name = "InvalidRuleError";
}

export interface CompileOptions {
  readonly arch: Arch;
  /** What happens to syscalls no rule matches. */
  readonly defaultAction: Action;
  /** Hot syscalls, tested first in this order (same semantics, shorter paths). */
  readonly frequencyOrder?: readonly SyscallName[];
  /**
   * What a call through another ABI gets (a foreign arch such as i386's
   * int 0x80, or x32): kill-process unless said otherwise. Never allow:
   * the rules speak of native numbers only.
   */
  readonly foreignAbiAction?: Action;
  /** Drop rules naming syscalls the arch lacks (reported in `skipped`) instead of throwing. */
  readonly skipUnknown?: boolean;
}

export interface CompiledFilter {
  readonly program: Insn[];
  /** Syscall names dropped by `skipUnknown`, in first-seen order. */
  readonly skipped: readonly string[];
}

const u16 = (v: number, what: string): number => {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new InvalidRuleError(`${what} ${v} is not in 0..65535`);
  return v;
};

/** The SECCOMP_RET_* value of an action. */
export function actionRet(action: Action): number {
  switch (action.kind) {
    case "allow":
      return 0x7fff0000;
    case "errno":
      return (0x00050000 | u16(action.errno, "errno")) >>> 0;
    case "kill-process":
      return 0x80000000;
    case "kill-thread":
      return 0;
    case "trap":
      return (0x00030000 | u16(action.data ?? 0, "trap data")) >>> 0;
    case "log":
      return 0x7ffc0000;
    case "user-notif":
      return 0x7fc00000;
    default:
      throw new InvalidRuleError(`unknown action ${JSON.stringify(action)}`);
  }
}

// ------------------------------------------------------------- reference semantics

function checkArch(arch: Arch): void {
  if (!Object.hasOwn(AUDIT_ARCH, arch)) throw new InvalidRuleError(`unsupported architecture '${String(arch)}'`);
}

function checkPredicate(p: ArgPredicate): void {
  if (!Number.isInteger(p.arg) || p.arg < 0 || p.arg > 5)
    throw new InvalidRuleError(`argument index ${p.arg} is not 0..5`);
}

/** Does a full 64-bit argument value pass the test? */
export function testArg(test: ArgTest, arg: bigint): boolean {
  const a = BigInt.asUintN(64, arg);
  switch (test.op) {
    case "eq":
      return a === BigInt.asUintN(64, test.value);
    case "ne":
      return a !== BigInt.asUintN(64, test.value);
    case "oneOf":
      return test.values.some((v) => a === BigInt.asUintN(64, v));
    case "flagsSubsetOf":
      return (a & ~test.mask & MASK64) === 0n;
    case "hasNoneOf":
      return (a & test.mask & MASK64) === 0n;
    case "maskedEq":
      return (a & BigInt.asUintN(64, test.mask)) === BigInt.asUintN(64, test.value);
  }
}

/**
 * The meaning of a rule set, written plainly: what the compiled program must
 * return for this seccomp_data. Rules naming syscalls the arch lacks never
 * match (compile() throws on them unless skipUnknown).
 */
export function evaluate(
  rules: readonly Rule[],
  defaultAction: Action,
  data: SeccompData,
  arch: Arch,
  foreignAbiAction: Action = { kind: "kill-process" },
): Action {
  checkArch(arch);
  if (data.arch >>> 0 !== AUDIT_ARCH[arch]) return foreignAbiAction;
  const nr = data.nr >>> 0;
  if (arch === "x86_64" && nr >= X32_SYSCALL_BIT) return foreignAbiAction;
  for (const rule of rules) {
    if (syscallNumber(arch, rule.syscall) !== nr) continue;
    if ((rule.when ?? []).every((p) => testArg(p.test, data.args[p.arg] ?? 0n))) return rule.action;
  }
  return defaultAction;
}

// ------------------------------------------------------------- code generation

interface Label {
  readonly id: number;
}
type Item =
  | { readonly kind: "label"; readonly label: Label }
  | { readonly kind: "insn"; readonly insn: Insn }
  /** Conditional jump; a null target means the next instruction. */
  | {
      readonly kind: "jcond";
      readonly code: number;
      readonly k: number;
      readonly jt: Label | null;
      readonly jf: Label | null;
    }
  | { readonly kind: "ja"; readonly target: Label };

class Emitter {
  readonly items: Item[] = [];
  private next = 0;
  count = 0;
  label(): Label {
    return { id: this.next++ };
  }
  place(label: Label): void {
    this.items.push({ kind: "label", label });
  }
  stmt(code: number, k = 0): void {
    this.items.push({ kind: "insn", insn: { code, jt: 0, jf: 0, k: k >>> 0 } });
    this.count++;
  }
  jcond(op: number, k: number, jt: Label | null, jf: Label | null): void {
    this.items.push({ kind: "jcond", code: BPF_JMP | op | BPF_K, k: k >>> 0, jt, jf });
    this.count++;
  }
  ja(target: Label): void {
    this.items.push({ kind: "ja", target });
    this.count++;
  }
  ld(offset: number): void {
    this.stmt(BPF_LD | BPF_W | BPF_ABS, offset);
  }
  ret(value: number): void {
    this.stmt(BPF_RET | BPF_K, value);
  }
}

const lo32 = (v: bigint): number => Number(v & 0xffffffffn);
const hi32 = (v: bigint): number => Number((v >> 32n) & 0xffffffffn);
const argLo = (arg: number): number => 16 + 8 * arg;
const argHi = (arg: number): number => 20 + 8 * arg;

/** A predicate no argument can satisfy (its rule is dropped). */
function neverTrue(test: ArgTest): boolean {
  if (test.op === "oneOf") return test.values.length === 0;
  if (test.op === "maskedEq") return (BigInt.asUintN(64, test.value) & ~test.mask & MASK64) !== 0n;
  return false;
}

/** Emit a predicate: falls through when it holds, jumps to `fail` when not. */
function emitPredicate(e: Emitter, { arg, test }: ArgPredicate, fail: Label): void {
  switch (test.op) {
    case "eq": {
      const v = BigInt.asUintN(64, test.value);
      e.ld(argHi(arg));
      e.jcond(BPF_JEQ, hi32(v), null, fail);
      e.ld(argLo(arg));
      e.jcond(BPF_JEQ, lo32(v), null, fail);
      return;
    }
    case "ne": {
      const v = BigInt.asUintN(64, test.value);
      const pass = e.label();
      e.ld(argHi(arg));
      e.jcond(BPF_JEQ, hi32(v), null, pass);
      e.ld(argLo(arg));
      e.jcond(BPF_JEQ, lo32(v), fail, null);
      e.place(pass);
      return;
    }
    case "oneOf": {
      // Group the values by high word: one test of the high word picks the
      // group, then the low word is compared with that group's values only.
      const groups = new Map<number, number[]>();
      for (const v of new Set(test.values.map((x) => BigInt.asUintN(64, x)))) {
        const los = groups.get(hi32(v)) ?? [];
        if (!los.includes(lo32(v))) los.push(lo32(v));
        groups.set(hi32(v), los);
      }
      const list = [...groups.entries()].map(([hi, los]) => ({ hi, los, label: e.label() }));
      const last = list.at(-1);
      if (last === undefined) {
        // No values: nothing passes (normalization already drops such tests).
        e.ja(fail);
        return;
      }
      const pass = e.label();
      const lows = (los: readonly number[]) => {
        e.ld(argLo(arg));
        los.forEach((l, j) => {
          e.jcond(BPF_JEQ, l, pass, j === los.length - 1 ? fail : null);
        });
      };
      e.ld(argHi(arg));
      for (const g of list.slice(0, -1)) e.jcond(BPF_JEQ, g.hi, g.label, null);
      e.jcond(BPF_JEQ, last.hi, null, fail);
      lows(last.los);
      for (const g of list.slice(0, -1)) {
        e.place(g.label);
        lows(g.los);
      }
      e.place(pass);
      return;
    }
    case "flagsSubsetOf": {
      // (arg & ~mask) == 0, one half at a time: and #~mask_half; jeq #0.
      const outside = ~test.mask & MASK64;
      for (const [off, bits] of [
        [argHi(arg), hi32(outside)],
        [argLo(arg), lo32(outside)],
      ] as const) {
        if (bits === 0) continue; // every bit of this half is allowed
        e.ld(off);
        if (bits !== 0xffffffff) e.stmt(BPF_ALU | BPF_AND | BPF_K, bits);
        e.jcond(BPF_JEQ, 0, null, fail);
      }
      return;
    }
    case "hasNoneOf": {
      // (arg & mask) == 0: jset is exactly "some forbidden bit is set" here.
      const mask = test.mask & MASK64;
      for (const [off, bits] of [
        [argHi(arg), hi32(mask)],
        [argLo(arg), lo32(mask)],
      ] as const) {
        if (bits === 0) continue;
        e.ld(off);
        e.jcond(BPF_JSET, bits, fail, null);
      }
      return;
    }
    case "maskedEq": {
      const mask = test.mask & MASK64;
      const value = BigInt.asUintN(64, test.value);
      for (const [off, m, v] of [
        [argHi(arg), hi32(mask), hi32(value)],
        [argLo(arg), lo32(mask), lo32(value)],
      ] as const) {
        if (m === 0) continue; // v is 0 here too: neverTrue() dropped the rule otherwise
        e.ld(off);
        if (m !== 0xffffffff) e.stmt(BPF_ALU | BPF_AND | BPF_K, m);
        e.jcond(BPF_JEQ, v, null, fail);
      }
      return;
    }
  }
}

interface NormalRule {
  readonly ret: number;
  readonly when: readonly ArgPredicate[];
}

/** A syscall's rules, after dropping the ones that can never match or never be reached. */
function normaliseRules(rules: readonly Rule[]): NormalRule[] {
  const out: NormalRule[] = [];
  for (const rule of rules) {
    const when = rule.when ?? [];
    when.forEach(checkPredicate);
    const ret = actionRet(rule.action);
    if (when.some((p) => neverTrue(p.test))) continue;
    out.push({ ret, when });
    if (when.length === 0) break; // rules after an unconditional one are unreachable
  }
  return out;
}

/** Emit one syscall's rules; every path ends in a ret. */
function emitBody(e: Emitter, rules: readonly NormalRule[], defaultRet: number): void {
  for (const rule of rules) {
    const next = e.label();
    for (const p of rule.when) emitPredicate(e, p, next);
    e.ret(rule.ret);
    if (rule.when.length === 0) return;
    e.place(next);
  }
  e.ret(defaultRet);
}

const bodyKey = (rules: readonly NormalRule[]): string =>
  JSON.stringify(rules, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));

/**
 * A linear run: `jeq n_i, body_i` for each number, the last one falling into
 * its body and missing to `miss`. Identical bodies in the run are emitted once.
 */
function emitRun(
  e: Emitter,
  nums: readonly number[],
  bodies: ReadonlyMap<number, NormalRule[]>,
  miss: Label,
  defaultRet: number,
): void {
  const byKey = new Map<string, Label>();
  const run = nums.map((n) => {
    const body = bodies.get(n);
    if (body === undefined) throw new Error(`no rules for syscall ${n}`); // every number comes from bodies' keys
    const key = bodyKey(body);
    let label = byKey.get(key);
    if (label === undefined) {
      label = e.label();
      byKey.set(key, label);
    }
    return { n, body, label };
  });
  const last = run.at(-1);
  if (last === undefined) return; // emitTree never asks for an empty run
  run.forEach(({ n, label }, i) => {
    if (i < run.length - 1) e.jcond(BPF_JEQ, n, label, null);
    else e.jcond(BPF_JEQ, n, null, miss);
  });
  const emitted = new Set<Label>();
  const emit = ({ body, label }: { body: readonly NormalRule[]; label: Label }) => {
    if (emitted.has(label)) return;
    emitted.add(label);
    e.place(label);
    emitBody(e, body, defaultRet);
  };
  emit(last);
  for (const r of run) emit(r);
}

/** Balanced binary search over sorted numbers (A holds nr throughout). */
function emitTree(
  e: Emitter,
  nums: readonly number[],
  bodies: ReadonlyMap<number, NormalRule[]>,
  miss: Label,
  defaultRet: number,
): void {
  if (nums.length === 0) {
    e.ja(miss);
    return;
  }
  if (nums.length <= LINEAR_MAX) {
    emitRun(e, nums, bodies, miss, defaultRet);
    return;
  }
  const mid = nums.length >> 1;
  const pivot = nums[mid] ?? 0; // mid < nums.length
  const right = e.label();
  e.jcond(BPF_JGE, pivot, right, null);
  emitTree(e, nums.slice(0, mid), bodies, miss, defaultRet);
  e.place(right);
  emitTree(e, nums.slice(mid), bodies, miss, defaultRet);
}

/**
 * Resolve labels into relative offsets. A conditional jump farther than 255
 * instructions gets trampolines right after it (`jxx k, 0, 1; ja far` or
 * `jxx k, 0, 1; ja far_t; ja far_f`); insertions can push other jumps out of
 * range, so repeat until nothing changes. Only instructions are inserted, so
 * distances never shrink and this terminates.
 */
function layout(items: readonly Item[]): Insn[] {
  let cur = items;
  let fresh = 1 << 30;
  for (;;) {
    const pos = positions(cur);
    const out: Item[] = [];
    let pc = 0;
    let changed = false;
    for (const it of cur) {
      if (it.kind === "label") {
        out.push(it);
        continue;
      }
      if (it.kind === "jcond") {
        const dist = (l: Label | null) => (l === null ? 0 : pos.get(l)! - pc - 1);
        const tFar = dist(it.jt) > MAX_JUMP;
        const fFar = dist(it.jf) > MAX_JUMP;
        if (tFar || fFar) {
          changed = true;
          const after: Label = { id: fresh++ };
          const tl: Label = tFar ? { id: fresh++ } : (it.jt ?? after);
          const fl: Label = fFar ? { id: fresh++ } : (it.jf ?? after);
          out.push({ ...it, jt: tl, jf: fl });
          if (tFar) out.push({ kind: "label", label: tl }, { kind: "ja", target: it.jt! });
          if (fFar) out.push({ kind: "label", label: fl }, { kind: "ja", target: it.jf! });
          out.push({ kind: "label", label: after });
          pc++;
          continue;
        }
      }
      out.push(it);
      pc++;
    }
    cur = out;
    if (!changed) break;
  }
  const pos = positions(cur);
  const program: Insn[] = [];
  for (const it of cur) {
    const pc = program.length;
    const off = (l: Label | null) => {
      const d = l === null ? 0 : pos.get(l)! - pc - 1;
      if (d < 0) throw new Error(`internal: backward jump at ${pc}`);
      return d;
    };
    if (it.kind === "insn") program.push(it.insn);
    else if (it.kind === "jcond") program.push({ code: it.code, jt: off(it.jt), jf: off(it.jf), k: it.k });
    else if (it.kind === "ja") program.push({ code: BPF_JMP | BPF_JA, jt: 0, jf: 0, k: off(it.target) });
  }
  return program;
}

function positions(items: readonly Item[]): Map<Label, number> {
  const pos = new Map<Label, number>();
  let pc = 0;
  for (const it of items) {
    if (it.kind === "label") pos.set(it.label, pc);
    else pc++;
  }
  return pos;
}

/** Compile, and report the syscalls dropped by `skipUnknown`. */
export function compileFilter(rules: readonly Rule[], opts: CompileOptions): CompiledFilter {
  const { arch } = opts;
  checkArch(arch);
  const defaultRet = actionRet(opts.defaultAction);
  const foreignRet = actionRet(opts.foreignAbiAction ?? { kind: "kill-process" });
  if (opts.foreignAbiAction?.kind === "allow") throw new InvalidRuleError("a foreign ABI's calls are never allowed");
  const skipped: string[] = [];

  // Group rules by syscall number, keeping their order.
  const grouped = new Map<number, Rule[]>();
  for (const rule of rules) {
    const nr = syscallNumber(arch, rule.syscall);
    if (nr === undefined) {
      if (!opts.skipUnknown) throw new UnknownSyscallError(rule.syscall, arch);
      if (!skipped.includes(rule.syscall)) skipped.push(rule.syscall);
      continue;
    }
    const list = grouped.get(nr) ?? [];
    list.push(rule);
    grouped.set(nr, list);
  }
  const bodies = new Map<number, NormalRule[]>();
  for (const [nr, list] of grouped) {
    const body = normaliseRules(list);
    // A syscall whose every outcome is the default needs no dispatch entry.
    if (body.every((r) => r.ret === defaultRet)) continue;
    bodies.set(nr, body);
  }

  const e = new Emitter();
  const kill = e.label();
  const dispatch = e.label();
  const dflt = e.label();
  e.ld(4);
  if (arch === "x86_64") {
    e.jcond(BPF_JEQ, AUDIT_ARCH[arch], null, kill);
    e.ld(0);
    e.jcond(BPF_JGE, X32_SYSCALL_BIT, kill, dispatch);
    e.place(kill);
    e.ret(foreignRet);
  } else {
    e.jcond(BPF_JEQ, AUDIT_ARCH[arch], dispatch, kill);
    e.place(kill);
    e.ret(foreignRet);
  }
  e.place(dispatch);
  if (arch !== "x86_64") e.ld(0);

  const hot: number[] = [];
  for (const name of opts.frequencyOrder ?? []) {
    const nr = syscallNumber(arch, name);
    if (nr !== undefined && bodies.has(nr) && !hot.includes(nr)) hot.push(nr);
  }
  const rest = [...bodies.keys()].filter((n) => !hot.includes(n)).sort((a, b) => a - b);
  if (hot.length > 0) {
    const tree = e.label();
    emitRun(e, hot, bodies, rest.length > 0 ? tree : dflt, defaultRet);
    e.place(tree);
  }
  if (rest.length > 0) emitTree(e, rest, bodies, dflt, defaultRet);
  e.place(dflt);
  e.ret(defaultRet);

  // Trampolines only add instructions: refuse early what can never fit.
  if (e.count > BPF_MAXINSNS) throw new FilterTooLargeError(e.count);
  const program = layout(e.items);
  if (program.length > BPF_MAXINSNS) throw new FilterTooLargeError(program.length);
  return { program, skipped };
}

/** Compile rules to a seccomp program for one architecture. */
export function compile(rules: readonly Rule[], opts: CompileOptions): Insn[] {
  return compileFilter(rules, opts).program;
}

export interface FilterStats {
  /** Number of instructions. */
  readonly instructions: number;
  /** Conditional and unconditional jumps. */
  readonly jumps: number;
  /** `ja` trampolines and other unconditional jumps. */
  readonly unconditionalJumps: number;
  readonly returns: number;
}

/** Size figures of a program, for benchmarks and --explain. */
export function filterStats(program: readonly Insn[]): FilterStats {
  let jumps = 0;
  let unconditionalJumps = 0;
  let returns = 0;
  for (const { code } of program) {
    if ((code & 0x07) === BPF_JMP) {
      jumps++;
      if (code === (BPF_JMP | BPF_JA)) unconditionalJumps++;
    } else if ((code & 0x07) === BPF_RET) returns++;
  }
  return { instructions: program.length, jumps, unconditionalJumps, returns };
}

/** Instructions executed (the final ret included) for one syscall. */
export function pathLength(program: readonly Insn[], data: SeccompData): number {
  return execute(program, data).steps;
}
