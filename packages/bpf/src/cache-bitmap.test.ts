// The compiler's promise to the kernel's action cache: a syscall whose first
// rule allows it unconditionally is answered from the bitmap (no argument is
// loaded on its path), and the bitmap never holds a number the filter would
// refuse for some arguments.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble } from "./asm.js";
import { constAllowSet, isConstAllow } from "./cache-bitmap.js";
import { AUDIT_ARCH, compile } from "./compile.js";
import { run, SECCOMP_RET_ALLOW } from "./interp.js";
import {
  type Action,
  type Arch,
  allow,
  eq,
  errno,
  flagsSubsetOf,
  killProcess,
  maskedEq,
  oneOf,
  type Rule,
  type SeccompData,
} from "./rule.js";
import { type SyscallName, syscallNames, syscallNumber } from "./syscalls/index.js";

const ARCH: Arch = "x86_64";
const NATIVE = AUDIT_ARCH[ARCH];
const NAMES = syscallNames(ARCH);
const NUMBERS = NAMES.map((n) => syscallNumber(ARCH, n) as number);
const nr = (name: SyscallName) => syscallNumber(ARCH, name) as number;

/** The numbers whose first rule allows them with no argument test: these must be constant. */
function unconditional(rules: readonly Rule[], dflt: Action): Set<number> {
  const first = new Map<number, Rule>();
  for (const r of rules) {
    const n = nr(r.syscall);
    if (!first.has(n)) first.set(n, r);
  }
  const out = new Set<number>();
  for (const n of NUMBERS) {
    const r = first.get(n);
    const action = r === undefined ? dflt : (r.when?.length ?? 0) === 0 ? r.action : undefined;
    if (action?.kind === "allow") out.add(n);
  }
  return out;
}

const data = (n: number, args: readonly bigint[]): SeccompData => ({
  nr: n,
  arch: NATIVE,
  instructionPointer: 0x7fff_0000_1000n,
  args: [0, 1, 2, 3, 4, 5].map((i) => args[i] ?? 0n) as unknown as SeccompData["args"],
});

describe("the kernel's constant-action emulation", () => {
  it("gives up at the first load of an argument, and follows ja/jeq/jset/and on nr and arch", () => {
    const p = assemble(`
      ld [4]
      jeq #${NATIVE}, ok, bad
    ok:
      ld [0]
      and #0xff
      jset #0x100, bad, next
    next:
      jeq #1, allowed, args
    args:
      ld [16]
      jeq #0, allowed, bad
    allowed:
      ret #0x7fff0000
    bad:
      ret #0
    `);
    expect(isConstAllow(p, 1, NATIVE)).toBe(true); // write: dispatched on nr alone
    expect(isConstAllow(p, 0x101, NATIVE)).toBe(true); // `and #0xff` makes it 1
    expect(isConstAllow(p, 2, NATIVE)).toBe(false); // reaches `ld [16]`
    expect(isConstAllow(p, 1, AUDIT_ARCH.aarch64)).toBe(false); // another arch: RET KILL
  });

  it("counts only a bare ALLOW, not LOG or ALLOW with data bits", () => {
    expect(isConstAllow(assemble("ret #0x7ffc0000"), 0, NATIVE)).toBe(false);
    expect(isConstAllow(assemble("ret #0x7fff0000"), 0, NATIVE)).toBe(true);
  });

  it("refuses instructions it does not model (ldx, alu with X, ld mem), as the kernel does", () => {
    expect(isConstAllow(assemble("ld #0\nret #0x7fff0000"), 0, NATIVE)).toBe(false);
    expect(isConstAllow(assemble("ldx #0\nret #0x7fff0000"), 0, NATIVE)).toBe(false);
  });
});

describe("compiled filters and the action cache", () => {
  const rules: Rule[] = [
    { syscall: "read", action: allow },
    { syscall: "write", action: allow },
    { syscall: "mmap", action: allow, when: [flagsSubsetOf(2, 3n)] },
    { syscall: "fcntl", action: allow, when: [oneOf(1, [1n, 2n])] },
    { syscall: "fcntl", action: errno(22) },
    { syscall: "socket", action: errno(13) },
    { syscall: "kill", action: allow, when: [eq(0, 4242n)] },
    { syscall: "ioctl", action: allow, when: [maskedEq(1, 0xffffn, 0x5401n)] },
    { syscall: "getpid", action: allow },
  ];

  it("puts exactly the unconditionally allowed syscalls in the bitmap, hot-ordered or not", () => {
    for (const frequencyOrder of [[], ["mmap", "read", "fcntl", "getpid"]] as SyscallName[][]) {
      const p = compile(rules, { arch: ARCH, defaultAction: killProcess, frequencyOrder });
      expect([...constAllowSet(p, NATIVE, NUMBERS)].sort((a, b) => a - b)).toEqual([
        nr("read"),
        nr("write"),
        nr("getpid"),
      ]);
    }
  });

  it("holds for random rule sets: unconditional ⇒ constant, constant ⇒ ALLOW for any arguments", () => {
    const common: SyscallName[] = ["read", "write", "openat", "close", "fcntl", "mmap", "ioctl", "futex", "kill"];
    const nameArb = fc.oneof(fc.constantFrom(...common), fc.constantFrom(...NAMES));
    const actionArb: fc.Arbitrary<Action> = fc.oneof(
      fc.constant(allow),
      fc.constant(killProcess),
      fc.nat(4095).map((e) => errno(e)),
    );
    const predArb = fc.oneof(
      fc.tuple(fc.nat(5), fc.bigInt({ min: 0n, max: 0xffff_ffff_ffffn })).map(([a, v]) => eq(a as 0, v)),
      fc.tuple(fc.nat(5), fc.bigInt({ min: 0n, max: 0xffffn })).map(([a, m]) => flagsSubsetOf(a as 0, m)),
    );
    const ruleArb = fc.record({ syscall: nameArb, action: actionArb, when: fc.array(predArb, { maxLength: 2 }) });
    const argsArb = fc.array(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(ruleArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom(killProcess, allow, errno(1)),
        fc.subarray(common),
        fc.array(argsArb, { minLength: 4, maxLength: 4 }),
        (rs, dflt, frequencyOrder, argSets) => {
          const p = compile(rs, { arch: ARCH, defaultAction: dflt, frequencyOrder });
          const constant = constAllowSet(p, NATIVE, NUMBERS);
          for (const n of unconditional(rs, dflt)) expect(constant.has(n), `nr ${n} constant`).toBe(true);
          for (const n of constant)
            for (const args of argSets) expect(run(p, data(n, args)) >>> 0).toBe(SECCOMP_RET_ALLOW);
        },
      ),
      { numRuns: 300 },
    );
  });
});
