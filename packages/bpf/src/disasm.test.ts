import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AsmOptions, assemble } from "./asm.js";
import { disassemble } from "./disasm.js";
import { type Insn, jump, stmt } from "./insn.js";
import { validate } from "./interp.js";

/** Every opcode the assembler has a mnemonic for (the whole classic set plus ret x). */
const PLAIN_CODES = [
  0x20,
  0x28,
  0x30,
  0x40,
  0x48,
  0x50,
  0x80,
  0x81,
  0x00,
  0x01,
  0x60,
  0x61,
  0xb1,
  0x02,
  0x03,
  0x07,
  0x87,
  0x06,
  0x16,
  0x0e,
  0x84,
  ...[0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0].flatMap((op) => [0x04 | op, 0x0c | op]),
];
const JUMP_CODES = [0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d];
const INTERESTING_K = [
  0, 1, 4, 8, 12, 16, 20, 60, 64, 257, 59, 0x40000000, 0x7fff0000, 0x80000000, 0x00050001, 0x0005000d, 0x00050fff,
  0x00030005, 0x7ffc0000, 0x7fc00000, 0x7ff00001, 0xc000003e, 0xc00000b7, 0xffffffff,
];

interface Choice {
  kind: number;
  code: number;
  a: number;
  b: number;
  k: number;
}
const choiceArb: fc.Arbitrary<Choice> = fc.record({
  kind: fc.nat(19),
  code: fc.nat(0xffff),
  a: fc.nat(300),
  b: fc.nat(300),
  k: fc.oneof(fc.constantFrom(...INTERESTING_K), fc.nat(0xffffffff)),
});

/**
 * Mostly well-formed programs (in-range jumps, zero unused fields, a final
 * ret), with some raw instructions mixed in: the round trip must hold for
 * every program, valid or not.
 */
function build(choices: readonly Choice[]): Insn[] {
  const n = choices.length;
  return choices.map((c, pc): Insn => {
    const room = n - pc - 2; // largest in-range offset
    if (pc === n - 1) return c.kind % 2 ? stmt(0x06, c.k) : stmt(0x16);
    if (c.kind < 7 && room >= 0) {
      const code = JUMP_CODES[c.code % JUMP_CODES.length]!;
      return jump(code, code & 0x08 ? 0 : c.k, Math.min(c.a % (room + 1), 255), Math.min(c.b % (room + 1), 255));
    }
    if (c.kind === 7 && room >= 0) return stmt(0x05, c.a % (room + 1));
    if (c.kind === 8) return { code: c.code, jt: c.a & 0xff, jf: c.b & 0xff, k: c.k }; // raw
    if (c.kind === 9) return stmt(0x20, (c.a % 16) * 4); // a seccomp_data word
    const code = PLAIN_CODES[c.code % PLAIN_CODES.length]!;
    const usesK = ![0x80, 0x81, 0x07, 0x87, 0x16, 0x0e, 0x84].includes(code) && !(code & 0x08 && (code & 7) === 4);
    return stmt(code, usesK ? c.k : 0);
  });
}

const optsArb: fc.Arbitrary<AsmOptions & { symbolic?: boolean }> = fc.constantFrom(
  {},
  { arch: "x86_64" as const },
  { arch: "aarch64" as const },
  { symbolic: false },
);

describe("disassembler", () => {
  it("prints symbolic names where unambiguous", () => {
    const p = assemble(`
      ld [4]
      jne #0xc000003e, bad
      ld [0]
      jge #0x40000000, bad
      jeq #257, good
      jeq #2, errno
      ld [20]
      jeq #59, good
      bad: ret #0x80000000
      good: ret #0x7fff0000
      errno: ret #0x00050001
    `);
    const text = disassemble(p, { arch: "x86_64" });
    expect(text).toBe(
      [
        "  ld [$$offsetof(struct seccomp_data, arch)$$]",
        "  jne #$AUDIT_ARCH_X86_64, L8",
        "  ld [$$offsetof(struct seccomp_data, nr)$$]",
        "  jge #$__X32_SYSCALL_BIT, L8",
        "  jeq #$__NR_openat, L9",
        "  jeq #$__NR_open, L10",
        "  ld [$$offsetof(struct seccomp_data, args[0]) + 4$$]",
        "  jeq #0x3b, L9", // A holds an argument, not nr: no syscall name
        "L8:",
        "  ret #$SECCOMP_RET_KILL_PROCESS",
        "L9:",
        "  ret #$SECCOMP_RET_ALLOW",
        "L10:",
        "  ret #$$SECCOMP_RET_ERRNO|EPERM$$",
        "",
      ].join("\n"),
    );
    expect(assemble(text, { arch: "x86_64" })).toEqual(p);
  });

  it("names syscalls only when nr is known on every path into the compare", () => {
    const p = assemble("ld [0]\njeq #1, merge\nld [16]\nmerge: jeq #2, x1\nx1: ret #0");
    expect(disassemble(p, { arch: "x86_64" })).toContain("jeq #2, L4");
    expect(disassemble(p, { arch: "x86_64" })).toContain("jeq #$__NR_write, L3");
  });

  it("uses aarch64 names and no names without symbolic", () => {
    const p = assemble("ld [0]\njeq #56, ok\nret #0\nok: ret #0x7fff0000");
    expect(disassemble(p, { arch: "aarch64" })).toContain("jeq #$__NR_openat, L3");
    expect(disassemble(p, { symbolic: false })).toBe("  ld [0]\n  jeq #0x38, L3\n  ret #0\nL3:\n  ret #0x7fff0000\n");
  });

  it("falls back to .insn for what the syntax cannot say", () => {
    const p = [{ code: 0x06, jt: 1, jf: 0, k: 0 }, jump(0x15, 0, 9, 0), stmt(0xffff, 3)];
    expect(disassemble(p)).toBe(
      "  .insn 0x0006, 1, 0, 0x00000000\n  .insn 0x0015, 9, 0, 0x00000000\n  .insn 0xffff, 0, 0, 0x00000003\n",
    );
    expect(assemble(disassemble(p))).toEqual(p);
  });

  it("assemble(disassemble(p)) deep-equals p for every program (property, 3000 runs)", () => {
    fc.assert(
      fc.property(fc.array(choiceArb, { minLength: 1, maxLength: 40 }), optsArb, (choices, opts) => {
        const p = build(choices);
        expect(assemble(disassemble(p, opts), opts)).toEqual(p);
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips valid seccomp programs (property, 1000 runs)", () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.array(choiceArb, { minLength: 1, maxLength: 30 }), optsArb, (choices, opts) => {
        const p = build(choices.map((c) => ({ ...c, kind: c.kind === 8 ? 9 : c.kind })));
        if (!validate(p).ok) return;
        valid++;
        expect(assemble(disassemble(p, opts), opts)).toEqual(p);
      }),
      { numRuns: 1000 },
    );
    expect(valid).toBeGreaterThan(50);
  });
});
