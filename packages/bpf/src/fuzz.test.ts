// Fuzzing the bpf text and byte front ends: whatever the input, the assembler
// throws BpfAsmError, decode throws BpfEncodingError, the validator says why,
// the interpreter throws BpfRuntimeError, and the disassembler always renders;
// nothing else escapes and nothing hangs. Fixed seed, bounded runs; longer
// runs: H_FUZZ_RUNS=200000 H_FUZZ_SEED=$RANDOM (see docs/fuzzing.md).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assemble, BpfAsmError } from "./asm.js";
import { disassemble } from "./disasm.js";
import { BpfEncodingError, decode, encode } from "./insn.js";
import { BpfRuntimeError, execute, validate } from "./interp.js";

const SEED = Number(process.env.H_FUZZ_SEED ?? 7);
const RUNS = Number(process.env.H_FUZZ_RUNS ?? 3000);
const LIMIT_MS = Number(process.env.H_FUZZ_MS ?? 15_000);
const opts = (runs = RUNS) => ({ seed: SEED, numRuns: runs, interruptAfterTimeLimit: LIMIT_MS });

/** Runs f; only the listed error classes may escape, and it must finish within 1 s. */
function onlyTyped(f: () => unknown, ...allowed: (abstract new (...a: never[]) => Error)[]): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    if (!allowed.some((c) => e instanceof c)) throw e;
    expect((e as Error).message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

const TOKENS = [
  "ld",
  "ldh",
  "ldb",
  "ldx",
  "ldxb",
  "st",
  "stx",
  "add",
  "sub",
  "mul",
  "div",
  "mod",
  "and",
  "or",
  "xor",
  "lsh",
  "rsh",
  "neg",
  "jmp",
  "ja",
  "jeq",
  "jneq",
  "jne",
  "jlt",
  "jle",
  "jgt",
  "jge",
  "jset",
  "tax",
  "txa",
  "ret",
  "#",
  "%",
  "[",
  "]",
  "(",
  ")",
  "+",
  "-",
  "*",
  "/",
  "<<",
  ">>",
  "&",
  "|",
  "^",
  "~",
  ",",
  ":",
  ";",
  "\n",
  " ",
  "\t",
  "x",
  "a",
  "M[",
  "4*([",
  "]&0xf)",
  "len",
  "0",
  "1",
  "-1",
  "0x",
  "0xffffffff",
  "0x100000000",
  "4294967296",
  "99999999999999999999",
  "L1",
  "L1:",
  "lbl",
  "arch",
  "nr",
  "args[0]",
  "args[6]",
  "seccomp_data",
  "SECCOMP_RET_ALLOW",
  "SECCOMP_RET_KILL",
  "ERRNO(",
  "AUDIT_ARCH_X86_64",
  "__NR_read",
  "read",
  ".word",
  "/*",
  "*/",
  "//",
  "'",
  '"',
  "\\",
  "\u0000",
  "é",
  "𝕏",
];

describe("fuzz: assembler", () => {
  it("token soup is assembled or refused with BpfAsmError", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), fc.boolean(), (toks, sep) => {
        onlyTyped(() => assemble(toks.join(sep ? " " : "")), BpfAsmError);
      }),
      opts(),
    );
  });
  it("arbitrary strings are assembled or refused with BpfAsmError", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => onlyTyped(() => assemble(s), BpfAsmError)),
      opts(),
    );
  });
  it("deep and long inputs do not blow the stack or hang", () => {
    for (const s of [
      `ld #${"(".repeat(5000)}1${")".repeat(5000)}`,
      `ld #${"-".repeat(20000)}1`,
      `ld #${"1+".repeat(20000)}1`,
      "ja L0\n".repeat(5000),
      `L0: ${"ja L0\n".repeat(10)}`,
      `${"x".repeat(100000)}:`,
    ]) {
      onlyTyped(() => assemble(s), BpfAsmError, RangeError);
    }
  });
});

describe("fuzz: byte decoder, validator, interpreter, disassembler", () => {
  const data = {
    nr: 0,
    arch: 0xc000003e,
    instructionPointer: 0n,
    args: [0n, 1n, 2n, 3n, 4n, 5n] as const,
  };
  it("random bytes: decode refuses or yields instructions the others handle", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8 * 64 }), (bytes) => {
        let insns: ReturnType<typeof decode> | undefined;
        onlyTyped(() => {
          insns = decode(bytes);
        }, BpfEncodingError);
        if (!insns) return;
        expect(encode(insns)).toEqual(bytes);
        const v = validate(insns);
        if (!v.ok) expect(v.reason.length).toBeGreaterThan(0);
        onlyTyped(() => execute(insns!, data), BpfRuntimeError);
        let text = "";
        onlyTyped(() => {
          text = disassemble(insns!);
        });
        expect(typeof text).toBe("string");
        // What the disassembler prints, the assembler reads back or refuses cleanly.
        onlyTyped(() => assemble(text), BpfAsmError);
      }),
      opts(),
    );
  });
});
