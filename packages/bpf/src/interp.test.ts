import { describe, expect, it } from "vitest";
import { assemble } from "./asm.js";
import { BPF_MAXINSNS, type Insn, jump, stmt } from "./insn.js";
import { BpfRuntimeError, execute, retAction, run, seccompWords, validate } from "./interp.js";
import type { SeccompData } from "./rule.js";

const data = (over: Partial<SeccompData> = {}): SeccompData => ({
  nr: 257,
  arch: 0xc000003e,
  instructionPointer: 0x1122334455667788n,
  args: [0xaaaabbbbccccddddn, 1n, 2n, 3n, 0xffffffffffffffffn, 0x100000000n],
  ...over,
});
const exec = (src: string, d = data()) => run(assemble(src), d);

describe("interpreter: loads", () => {
  it("reads seccomp_data little-endian words, args split in halves", () => {
    expect(exec("ld [0]\nret a")).toBe(257);
    expect(exec("ld [4]\nret a")).toBe(0xc000003e);
    expect(exec("ld [8]\nret a")).toBe(0x55667788);
    expect(exec("ld [12]\nret a")).toBe(0x11223344);
    expect(exec("ld [16]\nret a")).toBe(0xccccdddd);
    expect(exec("ld [20]\nret a")).toBe(0xaaaabbbb);
    expect(exec("ld [48]\nret a")).toBe(0xffffffff);
    expect(exec("ld [56]\nret a")).toBe(0);
    expect(exec("ld [60]\nret a")).toBe(1);
  });
  it("treats nr as an unsigned word and args as u64 (negative bigint wraps)", () => {
    expect(exec("ld [0]\nret a", data({ nr: -1 }))).toBe(0xffffffff);
    const w = seccompWords(data({ args: [-1n, 0n, 0n, 0n, 0n, 0n] }));
    expect([w[4], w[5]]).toEqual([0xffffffff, 0xffffffff]);
  });
  it("ld #len / ldx #len give sizeof(struct seccomp_data) = 64", () => {
    expect(exec("ld #len\nret a")).toBe(64);
    expect(exec("ldx #len\ntxa\nret a")).toBe(64);
  });
  it("immediates, scratch memory, tax/txa", () => {
    expect(exec("ld #7\nret a")).toBe(7);
    expect(exec("ldx #9\ntxa\nret a")).toBe(9);
    expect(exec("ld #5\nst M[3]\nld #1\nld M[3]\nret a")).toBe(5);
    expect(exec("ldx #6\nstx M[15]\nldx M[15]\ntxa\nret a")).toBe(6);
    expect(exec("ld #11\ntax\nld #0\ntxa\nret a")).toBe(11);
  });
});

describe("interpreter: 32-bit unsigned ALU", () => {
  const cases: [string, number][] = [
    ["ld #0xffffffff\nadd #2", 1],
    ["ld #1\nsub #2", 0xffffffff],
    ["ld #0x10000\nmul #0x10001", 0x10000],
    ["ld #0xffffffff\nmul #0xffffffff", 1],
    ["ld #7\ndiv #2", 3],
    ["ld #0xffffffff\ndiv #0x10", 0x0fffffff],
    ["ld #0xf0\nand #0x3c", 0x30],
    ["ld #0xf0\nor #0x0f", 0xff],
    ["ld #0xff\nxor #0x0f", 0xf0],
    ["ld #1\nlsh #31", 0x80000000],
    ["ld #0x80000000\nrsh #31", 1],
    ["ld #1\nneg", 0xffffffff],
    ["ld #0\nneg", 0],
    ["ldx #3\nld #4\nadd x", 7],
    ["ldx #5\nld #4\nsub x", 0xffffffff],
    ["ldx #3\nld #4\nmul x", 12],
    ["ldx #3\nld #10\ndiv x", 3],
    ["ldx #6\nld #3\nand x", 2],
    ["ldx #6\nld #3\nor x", 7],
    ["ldx #6\nld #3\nxor x", 5],
    ["ldx #4\nld #1\nlsh x", 16],
    ["ldx #4\nld #16\nrsh x", 1],
    // shifts by X use the low five bits (eBPF interpreter and JITs)
    ["ldx #33\nld #1\nlsh x", 2],
    ["ldx #32\nld #8\nrsh x", 8],
  ];
  it.each(cases)("%s", (src, want) => {
    expect(exec(`${src}\nret a`)).toBe(want);
  });
  it("division by X == 0 makes the program return 0 (classic BPF rule)", () => {
    expect(exec("ldx #0\nld #5\ndiv x\nret #0x7fff0000")).toBe(0);
  });
});

describe("interpreter: jumps and returns", () => {
  const branch = (op: string, a: number, operand: string) =>
    exec(`ldx #5\nld #${a}\n${op} ${operand}, yes, no\nyes: ret #1\nno: ret #2`);
  it.each([
    ["jeq", 5, 1],
    ["jeq", 4, 2],
    ["jgt", 6, 1],
    ["jgt", 5, 2],
    ["jge", 5, 1],
    ["jge", 4, 2],
    ["jset", 4, 1],
    ["jset", 2, 2],
  ] as const)("%s A=%i vs 5", (op, a, want) => {
    expect(branch(op, a, "#5")).toBe(want);
    expect(branch(op, a, "x")).toBe(want);
  });
  it("compares unsigned", () => {
    expect(exec("ld #0x80000000\njgt #1, yes\nret #2\nyes: ret #1")).toBe(1);
  });
  it("ja skips, ret k and ret a return", () => {
    expect(exec("ja over\nret #1\nover: ret #3")).toBe(3);
    expect(exec("ld #9\nret a")).toBe(9);
  });
  it("counts executed instructions", () => {
    expect(execute(assemble("ld [0]\njeq #257, a1\nret #0\na1: ret #1"), data())).toEqual({ ret: 1, steps: 3 });
  });
  it("refuses to guess on programs the kernel would never run", () => {
    expect(() => run([stmt(0x28, 0), stmt(6, 0)], data())).toThrow(BpfRuntimeError); // ldh
    expect(() => run([stmt(0x20, 64), stmt(6, 0)], data())).toThrow(/outside/);
    expect(() => run([stmt(0x00, 0)], data())).toThrow(/past the end/);
    expect(() => run([stmt(0x94, 3), stmt(6, 0)], data())).toThrow(/not allowed/); // mod
  });
});

describe("validate: the kernel's rules", () => {
  const ok = (p: Insn[]) => expect(validate(p)).toEqual({ ok: true });
  it("accepts every seccomp opcode in a valid program", () => {
    ok(
      assemble(`
        ld [0]
        ld #len
        ldx #len
        ld #1
        ldx #2
        st M[0]
        stx M[1]
        ld M[0]
        ldx M[1]
        add #1
        add x
        sub #1
        sub x
        mul #1
        mul x
        div #1
        div x
        and #1
        and x
        or #1
        or x
        xor #1
        xor x
        lsh #31
        lsh x
        rsh #1
        rsh x
        neg
        tax
        txa
        jeq #1, l1
        l1: jeq x, l2
        l2: jgt #1, l3
        l3: jgt x, l4
        l4: jge #1, l5
        l5: jge x, l6
        l6: jset #1, l7
        l7: jset x, l8
        l8: ja l9
        l9: ret a
      `),
    );
    ok([stmt(6, 0)]);
  });
  const rejects: [string, Insn[], RegExp, number | undefined][] = [
    ["empty", [], /empty/, undefined],
    ["too long", Array.from({ length: BPF_MAXINSNS + 1 }, () => stmt(6, 0)), /BPF_MAXINSNS/, undefined],
    ["unknown opcode", [stmt(0xff, 0), stmt(6, 0)], /unknown opcode 0xff/, 0],
    ["ret x (not classic)", [stmt(0x0e, 0)], /unknown opcode/, 0],
    ["ldh (classic, not seccomp)", [stmt(0x28, 0), stmt(6, 0)], /not allowed in seccomp/, 0],
    ["ldb", [stmt(0x30, 0), stmt(6, 0)], /not allowed in seccomp/, 0],
    ["ld [x + k]", [stmt(0x40, 0), stmt(6, 0)], /not allowed in seccomp/, 0],
    ["mod", [stmt(0x94, 3), stmt(6, 0)], /not allowed in seccomp/, 0],
    ["ldx msh", [stmt(0xb1, 0), stmt(6, 0)], /not allowed in seccomp/, 0],
    ["misaligned load", [stmt(0x20, 2), stmt(6, 0)], /aligned/, 0],
    ["load past seccomp_data", [stmt(0x20, 64), stmt(6, 0)], /seccomp_data/, 0],
    ["ancillary load offset", [stmt(0x20, 0xfffff000), stmt(6, 0)], /seccomp_data/, 0],
    ["div #0", [stmt(0x34, 0), stmt(6, 0)], /division by constant zero/, 0],
    ["lsh #32", [stmt(0x64, 32), stmt(6, 0)], /shift by 32/, 0],
    ["rsh #40", [stmt(0x74, 40), stmt(6, 0)], /shift by 40/, 0],
    ["M[16]", [stmt(0x02, 16), stmt(6, 0)], /M\[16\]/, 0],
    ["ja past end", [stmt(0x05, 1), stmt(6, 0)], /past the end/, 0],
    ["jt past end", [jump(0x15, 0, 1, 0), stmt(6, 0)], /past the end/, 0],
    ["jf past end", [jump(0x15, 0, 0, 5), stmt(6, 0)], /past the end/, 0],
    ["no final ret", [stmt(6, 0), stmt(0x20, 0)], /last instruction is not a ret/, 1],
    ["uninitialised M read", [stmt(0x60, 0), stmt(6, 0)], /M\[0\] may be read before/, 0],
    [
      "M written on one path only",
      assemble("ld [0]\njeq #1, skip\nst M[2]\nskip: ld M[2]\nret a"),
      /M\[2\] may be read before/,
      3,
    ],
    ["bad field", [{ code: 6, jt: 0, jf: 0, k: 2 ** 32 }], /out of range/, 0],
  ];
  it.each(rejects)("rejects %s", (_name, program, reason, at) => {
    const v = validate(program);
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.reason).toMatch(reason);
      expect(v.at).toBe(at);
    }
  });
  it("accepts M read after a store on every path", () => {
    ok(assemble("ld [0]\nst M[2]\njeq #1, skip\nld #3\nskip: ld M[2]\nret a"));
  });
});

describe("retAction", () => {
  it("decodes SECCOMP_RET_* like __seccomp_filter", () => {
    expect(retAction(0x7fff0000)).toEqual({ kind: "allow" });
    expect(retAction(0x7fff1234)).toEqual({ kind: "allow" });
    expect(retAction(0x00050001)).toEqual({ kind: "errno", errno: 1 });
    expect(retAction(0x0005ffff)).toEqual({ kind: "errno", errno: 4095 });
    expect(retAction(0x80000000)).toEqual({ kind: "kill-process" });
    expect(retAction(0)).toEqual({ kind: "kill-thread" });
    expect(retAction(0x00030007)).toEqual({ kind: "trap", data: 7 });
    expect(retAction(0x7ffc0000)).toEqual({ kind: "log" });
    expect(retAction(0x7fc00000)).toEqual({ kind: "user-notif" });
    expect(retAction(0x7ff00002)).toEqual({ kind: "trace", data: 2 });
    expect(retAction(0x12340000)).toEqual({ kind: "kill-process" }); // unknown action
  });
});
