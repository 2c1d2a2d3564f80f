import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble } from "./asm.js";
import {
  AUDIT_ARCH,
  actionRet,
  compile,
  compileFilter,
  evaluate,
  FilterTooLargeError,
  filterStats,
  InvalidRuleError,
  pathLength,
  UnknownSyscallError,
} from "./compile.js";
import { disassemble } from "./disasm.js";
import { BPF_JMP, BPF_JSET } from "./insn.js";
import { run, validate } from "./interp.js";
import {
  type Action,
  type Arch,
  type ArgIndex,
  type ArgPredicate,
  allow,
  eq,
  errno,
  flagsSubsetOf,
  hasNoneOf,
  killProcess,
  maskedEq,
  ne,
  oneOf,
  type Rule,
  type SeccompData,
  trap,
} from "./rule.js";
import { type SyscallName, syscallNames, syscallNumber } from "./syscalls/index.js";

const M64 = (1n << 64n) - 1n;
const ARCHES: readonly Arch[] = ["x86_64", "aarch64"];
const COMMON = syscallNames("x86_64").filter((n) => syscallNumber("aarch64", n) !== undefined);
const HOT: SyscallName[] = [
  "read",
  "write",
  "openat",
  "close",
  "fcntl",
  "mmap",
  "ioctl",
  "futex",
  "clone",
  "exit_group",
  "getpid",
  "dup3",
];

const data = (arch: Arch, nr: number, args: readonly bigint[] = []): SeccompData => ({
  nr,
  arch: AUDIT_ARCH[arch],
  instructionPointer: 0x7fff12345678n,
  args: [0, 1, 2, 3, 4, 5].map((i) => args[i] ?? 0n) as unknown as SeccompData["args"],
});
const nr = (arch: Arch, name: string) => syscallNumber(arch, name)!;

/** The compiled program must agree with the reference semantics on this input. */
function agrees(
  rules: readonly Rule[],
  dflt: Action,
  arch: Arch,
  d: SeccompData,
  program = compile(rules, { arch, defaultAction: dflt }),
) {
  const want = actionRet(evaluate(rules, dflt, d, arch));
  const got = run(program, d);
  if (got !== want) {
    throw new Error(
      `nr ${d.nr} arch 0x${d.arch.toString(16)} args ${d.args.map((a) => `0x${a.toString(16)}`).join(",")}: program 0x${got.toString(16)}, evaluate 0x${want.toString(16)}\n${disassemble(program, { arch })}`,
    );
  }
}

// ---------------------------------------------------------------- generators

const bigArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.constantFrom(
    0n,
    1n,
    2n,
    3n,
    0x80000000n,
    0xffffffffn,
    0x100000000n,
    0x100000001n,
    0xffffffff00000000n,
    M64,
    M64 - 1n,
  ),
  fc.bigInt({ min: 0n, max: 64n }),
  fc.bigInt({ min: 0n, max: M64 }),
  fc.tuple(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: 0n, max: 0xffffffffn })).map(([h, l]) => (h << 32n) | l),
);
const maskArb: fc.Arbitrary<bigint> = fc.oneof(
  bigArb,
  fc.array(fc.nat(63), { maxLength: 6 }).map((bits) => bits.reduce((m, b) => m | (1n << BigInt(b)), 0n)),
);
const argArb = fc.nat(5) as fc.Arbitrary<ArgIndex>;
const predArb: fc.Arbitrary<ArgPredicate> = fc.oneof(
  fc.tuple(argArb, bigArb).map(([a, v]) => eq(a, v)),
  fc.tuple(argArb, bigArb).map(([a, v]) => ne(a, v)),
  fc.tuple(argArb, fc.array(bigArb, { maxLength: 6 })).map(([a, vs]) => oneOf(a, vs)),
  fc.tuple(argArb, maskArb).map(([a, m]) => flagsSubsetOf(a, m)),
  fc.tuple(argArb, maskArb).map(([a, m]) => hasNoneOf(a, m)),
  fc.tuple(argArb, maskArb, fc.boolean(), bigArb).map(([a, m, inside, v]) => maskedEq(a, m, inside ? v & m : v)),
);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constant(allow),
  fc.constant(killProcess),
  fc.constant<Action>({ kind: "kill-thread" }),
  fc.constant<Action>({ kind: "log" }),
  fc.constant<Action>({ kind: "user-notif" }),
  fc.nat(4095).map((e) => errno(e)),
  fc.nat(0xffff).map((t) => trap(t)),
);
const ruleArb = (names: fc.Arbitrary<SyscallName>): fc.Arbitrary<Rule> =>
  fc.record({ syscall: names, action: actionArb, when: fc.array(predArb, { maxLength: 3 }) });
const nameArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOT) },
  { weight: 1, arbitrary: fc.constantFrom(...COMMON) },
);

/** Interesting argument values for a rule set: its constants, their edges, halves swapped. */
function pool(rules: readonly Rule[]): bigint[] {
  const out = new Set<bigint>([0n, M64, 1n, 0x100000000n]);
  for (const r of rules) {
    for (const { test } of r.when ?? []) {
      const vals =
        test.op === "oneOf" ? [...test.values] : test.op === "eq" || test.op === "ne" ? [test.value] : [test.mask];
      if (test.op === "maskedEq") vals.push(test.value);
      for (const v of vals) {
        for (const w of [v, v + 1n, v - 1n, v ^ 0x100000000n, v ^ 1n, v & 0xffffffffn, v >> 32n, ~v, v << 32n]) {
          out.add(BigInt.asUintN(64, w));
        }
      }
    }
  }
  return [...out];
}

/** Deterministic pseudo-random seccomp_data from a seed, biased toward the rules' boundaries. */
function sample(rules: readonly Rule[], arch: Arch, seed: number): SeccompData {
  let s = seed >>> 0 || 1;
  const rnd = (n: number) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
  const values = pool(rules);
  const numbers = rules.map((r) => syscallNumber(arch, r.syscall) ?? 0);
  const pick = rnd(20);
  const n =
    pick < 15 && numbers.length > 0
      ? numbers[rnd(numbers.length)]!
      : pick < 18
        ? rnd(500)
        : pick === 18
          ? 0x40000000 | rnd(600)
          : 0xffffffff;
  const args = Array.from({ length: 6 }, () => {
    const base = values[rnd(values.length)]!;
    switch (rnd(6)) {
      case 0:
        return base & (BigInt(rnd(0x7fffffff)) * 0x100000001n); // a subset of a mask
      case 1:
        return base | (1n << BigInt(rnd(64))); // plus one bit
      case 2:
        return BigInt(rnd(0x7fffffff)) * BigInt(rnd(0x7fffffff));
      default:
        return base;
    }
  }).map((v) => BigInt.asUintN(64, v));
  const d = data(arch, n, args);
  return rnd(25) === 0 ? { ...d, arch: arch === "x86_64" ? AUDIT_ARCH.aarch64 : 0x40000003 } : d;
}

// ---------------------------------------------------------------- tests

describe("compiler agrees with evaluate()", () => {
  it("random rule sets, both arches, random data (property, 3000 runs x 12 inputs)", () => {
    fc.assert(
      fc.property(
        fc.array(ruleArb(nameArb), { maxLength: 24 }),
        actionArb,
        fc.constantFrom(...ARCHES),
        fc.option(fc.shuffledSubarray(HOT), { nil: undefined }),
        fc.nat(),
        (rules, dflt, arch, hot, seed) => {
          const program = compile(rules, {
            arch,
            defaultAction: dflt,
            ...(hot !== undefined ? { frequencyOrder: hot } : {}),
          });
          expect(validate(program)).toEqual({ ok: true });
          for (let i = 0; i < 12; i++) agrees(rules, dflt, arch, sample(rules, arch, seed + i * 7919), program);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("single predicates at their boundaries (property, 3000 runs)", () => {
    fc.assert(
      fc.property(predArb, fc.constantFrom(...ARCHES), fc.nat(), (pred, arch, seed) => {
        const rules: Rule[] = [{ syscall: "ioctl", action: allow, when: [pred] }];
        const program = compile(rules, { arch, defaultAction: errno(1) });
        for (const v of pool(rules)) {
          const args = [0n, 0n, 0n, 0n, 0n, 0n];
          args[pred.arg] = v;
          agrees(rules, errno(1), arch, data(arch, nr(arch, "ioctl"), args), program);
        }
        agrees(rules, errno(1), arch, sample(rules, arch, seed), program);
      }),
      { numRuns: 3000 },
    );
  });

  it("never uses jset except for hasNoneOf", () => {
    const rules: Rule[] = [
      { syscall: "fcntl", action: allow, when: [oneOf(1, [1, 2])] },
      { syscall: "openat", action: allow, when: [flagsSubsetOf(2, 0o2000000 | 0o4000)] },
      { syscall: "mmap", action: allow, when: [maskedEq(3, 0xff, 0x22), ne(2, 7), eq(0, 0)] },
    ];
    for (const arch of ARCHES) {
      const p = compile(rules, { arch, defaultAction: killProcess });
      expect(p.some((i) => i.code === (BPF_JMP | BPF_JSET))).toBe(false);
      const q = compile([{ syscall: "mmap", action: allow, when: [hasNoneOf(2, 4)] }], {
        arch,
        defaultAction: killProcess,
      });
      expect(q.filter((i) => i.code === (BPF_JMP | BPF_JSET))).toHaveLength(1);
    }
  });
});

describe("compiler: program shape", () => {
  it("kills a foreign arch whatever the default, and x32 syscalls on x86_64", () => {
    const rules: Rule[] = [{ syscall: "read", action: allow }];
    for (const arch of ARCHES) {
      const p = compile(rules, { arch, defaultAction: allow });
      expect(run(p, { ...data(arch, nr(arch, "read")), arch: 0x40000003 })).toBe(0x80000000); // i386
      expect(
        run(p, { ...data(arch, nr(arch, "read")), arch: AUDIT_ARCH[arch === "x86_64" ? "aarch64" : "x86_64"] }),
      ).toBe(0x80000000);
      expect(run(p, data(arch, nr(arch, "read")))).toBe(0x7fff0000);
    }
    const p = compile(rules, { arch: "x86_64", defaultAction: allow });
    expect(run(p, data("x86_64", 0x40000000 | 0))).toBe(0x80000000); // x32 read
    expect(run(p, data("x86_64", 0x40000000 | 1))).toBe(0x80000000);
    expect(run(p, data("x86_64", -1))).toBe(0x80000000);
    expect(run(p, data("x86_64", 1))).toBe(0x7fff0000);
    // aarch64 has no x32: large numbers just get the default
    expect(run(compile(rules, { arch: "aarch64", defaultAction: allow }), data("aarch64", 0x40000000))).toBe(
      0x7fff0000,
    );
  });

  it("starts with the arch check, then nr (and the x32 check on x86_64)", () => {
    const text = disassemble(compile([], { arch: "x86_64", defaultAction: errno(1) }), { arch: "x86_64" });
    expect(text.split("\n").slice(0, 4)).toEqual([
      "  ld [$$offsetof(struct seccomp_data, arch)$$]",
      "  jne #$AUDIT_ARCH_X86_64, L4",
      "  ld [$$offsetof(struct seccomp_data, nr)$$]",
      "  jlt #$__X32_SYSCALL_BIT, L5",
    ]);
    const a = compile([], { arch: "aarch64", defaultAction: errno(1) });
    expect(a.slice(0, 2)).toEqual([
      { code: 0x20, jt: 0, jf: 0, k: 4 },
      { code: 0x15, jt: 1, jf: 0, k: 0xc00000b7 },
    ]);
  });

  it("dispatches with a binary search: short paths for many syscalls", () => {
    const names = COMMON.slice(0, 200);
    const rules = names.map((syscall) => ({ syscall, action: allow }));
    const p = compile(rules, { arch: "x86_64", defaultAction: killProcess });
    expect(validate(p)).toEqual({ ok: true });
    const worst = Math.max(...names.map((n) => pathLength(p, data("x86_64", nr("x86_64", n)))));
    expect(worst).toBeLessThan(20); // linear would be ~200
    const hot = compile(rules, { arch: "x86_64", defaultAction: killProcess, frequencyOrder: ["read"] });
    expect(pathLength(hot, data("x86_64", 0))).toBeLessThanOrEqual(6);
    for (const n of names) agrees(rules, killProcess, "x86_64", data("x86_64", nr("x86_64", n)), hot);
    expect(filterStats(p).instructions).toBe(p.length);
  });

  it("reuses identical bodies and drops syscalls that only repeat the default", () => {
    const rules = (["read", "write", "close"] as const).map((syscall) => ({ syscall, action: allow }));
    const p = compile(rules, { arch: "x86_64", defaultAction: killProcess });
    expect(p.filter((i) => i.code === 0x06 && i.k === 0x7fff0000)).toHaveLength(1);
    const q = compile([{ syscall: "read", action: killProcess }], { arch: "x86_64", defaultAction: killProcess });
    expect(q.length).toBe(compile([], { arch: "x86_64", defaultAction: killProcess }).length);
  });
});

describe("compiler: long programs", () => {
  it("inserts trampolines for jumps beyond 255 and stays exact", () => {
    // One oneOf with 400 values: the early "match" jumps must cross 400 compares.
    const values = Array.from({ length: 400 }, (_, i) => BigInt(i * 3));
    const rules: Rule[] = [
      { syscall: "ioctl", action: allow, when: [oneOf(1, values)] },
      ...COMMON.slice(0, 150).map((syscall, i) => ({ syscall, action: errno(i + 1), when: [ne(0, i)] })),
    ];
    for (const arch of ARCHES) {
      const p = compile(rules, { arch, defaultAction: killProcess });
      expect(validate(p)).toEqual({ ok: true });
      expect(p.length).toBeGreaterThan(600);
      expect(filterStats(p).unconditionalJumps).toBeGreaterThan(0);
      for (let v = 0n; v < 1210n; v += 1n) agrees(rules, killProcess, arch, data(arch, nr(arch, "ioctl"), [0n, v]), p);
      for (let i = 0; i < 400; i++) agrees(rules, killProcess, arch, sample(rules, arch, i + 1), p);
    }
  });

  it("compiles up to the 4096-instruction limit and refuses beyond it", () => {
    const big = (n: number): Rule[] =>
      COMMON.slice(0, 250).map((syscall, i) => ({
        syscall,
        action: allow,
        when: [
          oneOf(
            0,
            Array.from({ length: n }, (_, j) => BigInt(i * 1000 + j)),
          ),
        ],
      }));
    const p = compile(big(9), { arch: "x86_64", defaultAction: killProcess });
    expect(p.length).toBeGreaterThan(3000);
    expect(p.length).toBeLessThanOrEqual(4096);
    expect(validate(p)).toEqual({ ok: true });
    for (let i = 0; i < 300; i++) agrees(big(9), killProcess, "x86_64", sample(big(9), "x86_64", i + 1), p);
    expect(() => compile(big(20), { arch: "x86_64", defaultAction: killProcess })).toThrow(FilterTooLargeError);
  });
});

describe("compiler: errors and options", () => {
  it("throws UnknownSyscallError, or skips and reports with skipUnknown", () => {
    const rules: Rule[] = [
      { syscall: "open", action: allow },
      { syscall: "openat", action: allow },
    ];
    expect(() => compile(rules, { arch: "aarch64", defaultAction: killProcess })).toThrow(UnknownSyscallError);
    expect(() => compile(rules, { arch: "aarch64", defaultAction: killProcess })).toThrow(/'open' on aarch64/);
    const { program, skipped } = compileFilter(rules, {
      arch: "aarch64",
      defaultAction: killProcess,
      skipUnknown: true,
    });
    expect(skipped).toEqual(["open"]);
    expect(run(program, data("aarch64", 56))).toBe(0x7fff0000);
  });

  it("rejects actions and predicates it cannot encode", () => {
    const c =
      (rules: Rule[], dflt: Action = killProcess) =>
      () =>
        compile(rules, { arch: "x86_64", defaultAction: dflt });
    expect(c([], errno(70000))).toThrow(InvalidRuleError);
    expect(c([{ syscall: "read", action: trap(-1) }])).toThrow(InvalidRuleError);
    expect(
      c([{ syscall: "read", action: allow, when: [{ arg: 6 as ArgIndex, test: { op: "eq", value: 0n } }] }]),
    ).toThrow(/argument index/);
    expect(() => compile([], { arch: "riscv64" as Arch, defaultAction: allow })).toThrow(/unsupported architecture/);
  });

  it("encodes every action", () => {
    expect(actionRet(allow)).toBe(0x7fff0000);
    expect(actionRet(errno(13))).toBe(0x0005000d);
    expect(actionRet(killProcess)).toBe(0x80000000);
    expect(actionRet({ kind: "kill-thread" })).toBe(0);
    expect(actionRet(trap(5))).toBe(0x00030005);
    expect(actionRet({ kind: "trap" })).toBe(0x00030000);
    expect(actionRet({ kind: "log" })).toBe(0x7ffc0000);
    expect(actionRet({ kind: "user-notif" })).toBe(0x7fc00000);
  });
});

describe("regression: rootmos/h's fcntl jset bug cannot happen", () => {
  const F = {
    F_DUPFD: 0,
    F_GETFD: 1,
    F_SETFD: 2,
    F_GETFL: 3,
    F_SETFL: 4,
    F_GETLK: 5,
    F_SETLK: 6,
    F_DUPFD_CLOEXEC: 1030,
  };
  const rules: Rule[] = [{ syscall: "fcntl", action: allow, when: [oneOf(1, [F.F_GETFD, F.F_SETFD])] }];

  it("allows exactly F_GETFD and F_SETFD, compared in full 64 bits", () => {
    for (const arch of ARCHES) {
      const p = compile(rules, { arch, defaultAction: killProcess });
      const call = (cmd: bigint) => run(p, data(arch, nr(arch, "fcntl"), [3n, cmd]));
      expect(call(1n)).toBe(0x7fff0000);
      expect(call(2n)).toBe(0x7fff0000);
      for (const cmd of [F.F_DUPFD, F.F_GETFL, F.F_SETFL, F.F_GETLK, F.F_SETLK, F.F_DUPFD_CLOEXEC]) {
        expect(call(BigInt(cmd))).toBe(0x80000000);
      }
      expect(call((1n << 32n) | 1n)).toBe(0x80000000); // high word must be zero too
    }
  });

  it("where rootmos/h's `jset #(F_GETFD|F_SETFD)` accepted F_GETLK, F_SETLK and F_DUPFD_CLOEXEC", () => {
    const seed = assemble(`
      ld [$$offsetof(struct seccomp_data, nr)$$]
      jne #$__NR_fcntl, bad
      ld [$$offsetof(struct seccomp_data, args[1])$$]
      jset #$$(F_GETFD|F_SETFD)$$, good
      bad: ret #$SECCOMP_RET_KILL_PROCESS
      good: ret #$SECCOMP_RET_ALLOW
    `);
    const call = (cmd: number) => run(seed, data("x86_64", 72, [3n, BigInt(cmd)]));
    expect([F.F_GETLK, F.F_SETLK, F.F_DUPFD_CLOEXEC].map(call)).toEqual([0x7fff0000, 0x7fff0000, 0x7fff0000]);
  });
});

describe("foreignAbiAction", () => {
  const rules: Rule[] = [{ syscall: "getpid", action: allow }];
  const i386 = 0x40000003;
  const notify: Action = { kind: "user-notif" };
  it("answers calls through another ABI (i386, x32) as asked, kill-process by default", () => {
    const p = compile(rules, { arch: "x86_64", defaultAction: killProcess, foreignAbiAction: notify });
    const foreign = { ...data("x86_64", 20), arch: i386 };
    expect(run(p, foreign)).toBe(actionRet(notify));
    expect(run(p, data("x86_64", 0x40000000 | nr("x86_64", "getpid")))).toBe(actionRet(notify));
    expect(run(p, data("x86_64", nr("x86_64", "getpid")))).toBe(actionRet(allow));
    const plain = compile(rules, { arch: "x86_64", defaultAction: killProcess });
    expect(run(plain, foreign)).toBe(actionRet(killProcess));
    expect(evaluate(rules, killProcess, foreign, "x86_64", notify)).toEqual(notify);
  });
  it("never allows them", () => {
    expect(() => compile(rules, { arch: "x86_64", defaultAction: killProcess, foreignAbiAction: allow })).toThrow(
      InvalidRuleError,
    );
  });
});
