import { describe, expect, it } from "vitest";
import { assemble, BpfAsmError, evaluateExpression } from "./asm.js";
import { encode, toCArray } from "./insn.js";
import { run, validate } from "./interp.js";

// The seccomp example of the kernel's Documentation/networking/filter.rst
// ("SECCOMP filter example"), verbatim.
const KERNEL_EXAMPLE = `
  ld [4]                  /* offsetof(struct seccomp_data, arch) */
  jne #0xc000003e, bad    /* AUDIT_ARCH_X86_64 */
  ld [0]                  /* offsetof(struct seccomp_data, nr) */
  jeq #15, good           /* __NR_rt_sigreturn */
  jeq #231, good          /* __NR_exit_group */
  jeq #60, good           /* __NR_exit */
  jeq #0, good            /* __NR_read */
  jeq #1, good            /* __NR_write */
  jeq #5, good            /* __NR_fstat */
  jeq #9, good            /* __NR_mmap */
  jeq #14, good           /* __NR_rt_sigprocmask */
  jeq #13, good           /* __NR_rt_sigaction */
  jeq #35, good           /* __NR_nanosleep */
  bad: ret #0             /* SECCOMP_RET_KILL_THREAD */
  good: ret #0x7fff0000   /* SECCOMP_RET_ALLOW */
`;
// Its `bpf_asm -c` output, as recorded in gVisor's pkg/bpf/interpreter_test.go
// (TestSimpleFilter: "translated to bytecode using the Linux kernel tree's
// tools/net/bpf_asm").
const KERNEL_EXAMPLE_BYTES = [
  [0x20, 0, 0, 0x00000004],
  [0x15, 0, 11, 0xc000003e],
  [0x20, 0, 0, 0x00000000],
  [0x15, 10, 0, 0x0000000f],
  [0x15, 9, 0, 0x000000e7],
  [0x15, 8, 0, 0x0000003c],
  [0x15, 7, 0, 0x00000000],
  [0x15, 6, 0, 0x00000001],
  [0x15, 5, 0, 0x00000005],
  [0x15, 4, 0, 0x00000009],
  [0x15, 3, 0, 0x0000000e],
  [0x15, 2, 0, 0x0000000d],
  [0x15, 1, 0, 0x00000023],
  [0x06, 0, 0, 0x00000000],
  [0x06, 0, 0, 0x7fff0000],
];

// The C seed's bpfc style (rootmos/h, hlua/filter.bpf): `#` comment lines,
// $NAME constants, $$offsetof(...)$$ expressions, one-target jne/jeq, jmp.
const SEED_STYLE = `# https://www.kernel.org/doc/Documentation/networking/filter.txt
ld [$$offsetof(struct seccomp_data, arch)$$]
jne #$AUDIT_ARCH_X86_64, bad
ld [$$offsetof(struct seccomp_data, nr)$$]
jge #$__X32_SYSCALL_BIT, bad

jeq #$__NR_brk, good
jeq #$__NR_openat, good

jne #$__NR_fcntl, fcntl_end
ld [$$offsetof(struct seccomp_data, args[1])$$]
jeq #$F_GETFL, good
jmp bad
fcntl_end:

jne #$__NR_prlimit64, prlimit64_end
ld [$$offsetof(struct seccomp_data, args[2])$$]
jeq #0, good
ret #$$(SECCOMP_RET_ERRNO|EPERM)$$
prlimit64_end:

jeq #$__NR_exit_group, good

bad: ret #$SECCOMP_RET_KILL_THREAD
good: ret #$SECCOMP_RET_ALLOW
`;

const sd = (nr: number, args: bigint[] = [], arch = 0xc000003e) => ({
  nr,
  arch,
  instructionPointer: 0n,
  args: [0n, 0n, 0n, 0n, 0n, 0n].map((z, i) => args[i] ?? z) as [bigint, bigint, bigint, bigint, bigint, bigint],
});

describe("assembler: kernel and seed sources", () => {
  it("assembles the kernel's seccomp example to bpf_asm's bytes", () => {
    const p = assemble(KERNEL_EXAMPLE);
    expect(p.map((i) => [i.code, i.jt, i.jf, i.k])).toEqual(KERNEL_EXAMPLE_BYTES);
    const want = new Uint8Array(
      KERNEL_EXAMPLE_BYTES.flatMap(([c, t, f, k]) => [
        c! & 0xff,
        c! >> 8,
        t!,
        f!,
        ...[0, 8, 16, 24].map((s) => (k! >>> s) & 0xff),
      ]),
    );
    expect(encode(p)).toEqual(want);
    expect(toCArray(p).split("\n")[1]).toBe("{ 0x15,  0, 11, 0xc000003e },");
    expect(validate(p)).toEqual({ ok: true });
    expect(run(p, sd(231))).toBe(0x7fff0000);
    expect(run(p, sd(105))).toBe(0);
    expect(run(p, sd(1, [], 0x40000003))).toBe(0);
  });

  it("assembles a filter in rootmos/h's bpfc style", () => {
    const p = assemble(SEED_STYLE, { arch: "x86_64" });
    expect(validate(p)).toEqual({ ok: true });
    expect(p[0]).toEqual({ code: 0x20, jt: 0, jf: 0, k: 4 });
    expect(p[1]!.k).toBe(0xc000003e);
    expect(p[3]!.k).toBe(0x40000000);
    expect(run(p, sd(12))).toBe(0x7fff0000); // brk
    expect(run(p, sd(72, [0n, 3n]))).toBe(0x7fff0000); // fcntl F_GETFL
    expect(run(p, sd(72, [0n, 4n]))).toBe(0); // fcntl F_SETFL
    expect(run(p, sd(302, [0n, 0n, 1n]))).toBe(0x00050001); // prlimit64 with new limits -> EPERM
    expect(run(p, sd(0x40000000 | 12))).toBe(0);
    expect(run(p, sd(231))).toBe(0x7fff0000);
  });

  it("resolves $__NR_ names per arch", () => {
    expect(assemble("ld #$__NR_openat\nret a", { arch: "x86_64" })[0]!.k).toBe(257);
    expect(assemble("ld #$__NR_openat\nret a", { arch: "aarch64" })[0]!.k).toBe(56);
  });
});

describe("assembler: syntax", () => {
  it("knows every mnemonic and addressing mode of bpf_asm", () => {
    const p = assemble(`
      ldb [1]
      ldh [2]
      ld [x + 4]
      ldh [%x + 2]
      ldb [x+1]
      ldi #3
      ldxi #4
      ldxb 4*([14]&0xf)
      ldx 4*([14]&0xf)
      ld len
      mod #3
      mod %x
      ret %a
      ret x
      ret #-1
      .insn 0x06, 1, 2, 0x7fff0000
    `);
    expect(p.map((i) => i.code)).toEqual([
      0x30, 0x28, 0x40, 0x48, 0x50, 0x00, 0x01, 0xb1, 0xb1, 0x80, 0x94, 0x9c, 0x16, 0x0e, 0x06, 0x06,
    ]);
    expect(p[14]!.k).toBe(0xffffffff);
    expect(p[15]).toEqual({ code: 6, jt: 1, jf: 2, k: 0x7fff0000 });
  });

  it("gives one- and two-target jumps bpf_asm's meaning", () => {
    const p = assemble(`
      jeq #1, t          ; jt = t, jf = next
      jeq #1, t, f
      jneq #1, t         // jf = t, jt = next
      jne x, t
      jlt #2, t          /* jge with jf = t */
      jle #2, t          ; jgt with jf = t
      jset #4, t, f
      jgt x, t, f
      ja t
      f: ret #0
      t: ret #1
    `);
    expect(p.slice(0, 9).map((i) => [i.code, i.jt, i.jf])).toEqual([
      [0x15, 9, 0],
      [0x15, 8, 7],
      [0x15, 0, 7],
      [0x1d, 0, 6],
      [0x35, 0, 5],
      [0x25, 0, 4],
      [0x45, 3, 2],
      [0x2d, 2, 1],
      [0x05, 0, 0],
    ]);
    expect(p[8]!.k).toBe(1);
  });

  it("evaluates $$expressions$$ like C", () => {
    const ev = (s: string) => evaluateExpression(s);
    expect(ev("(O_RDONLY|O_CLOEXEC)")).toBe(0o2000000n);
    expect(ev("SECCOMP_RET_ERRNO|EPERM")).toBe(0x50001n);
    expect(ev("1 + 2 * 3 - 4 / 2 % 3")).toBe(5n);
    expect(ev("1 << 4 | 1 ^ 3 & 1")).toBe(16n | (1n ^ (3n & 1n)));
    expect(ev("~0")).toBe(-1n);
    expect(ev("-(3)")).toBe(-3n);
    expect(ev("0x10 + 010 + 0b11 + 5UL")).toBe(16n + 8n + 3n + 5n);
    expect(ev("offsetof(struct seccomp_data, nr)")).toBe(0n);
    expect(ev("offsetof(struct seccomp_data, arch)")).toBe(4n);
    expect(ev("offsetof(struct seccomp_data, instruction_pointer)")).toBe(8n);
    expect(ev("offsetof(struct seccomp_data, args[5]) + 4")).toBe(60n);
    expect(ev("sizeof(struct seccomp_data)")).toBe(64n);
    expect(ev("hi32(0x123456789abcdef0)")).toBe(0x12345678n);
    expect(ev("lo32(-1)")).toBe(0xffffffffn);
    expect(ev("$EPERM + __NR_read")).toBe(1n);
    const p = assemble("and #$$~O_CLOEXEC$$\nand #$$~0x80000000$$\nret #$$hi32(-2)$$");
    expect(p.map((i) => i.k)).toEqual([~0o2000000 >>> 0, 0x7fffffff, 0xffffffff]);
  });

  it("accepts caller constants (they win over built-in names)", () => {
    expect(assemble("ret #$FOO", { constants: { FOO: 7 } })[0]!.k).toBe(7);
    expect(assemble("ret #$$EPERM*2$$", { constants: { EPERM: 21n } })[0]!.k).toBe(42);
  });

  it("puts labels on their own line or before an instruction, several per position", () => {
    const p = assemble("jeq #1, a\na:\nb: c: ret #1");
    expect(p).toEqual([
      { code: 0x15, jt: 0, jf: 0, k: 1 },
      { code: 6, jt: 0, jf: 0, k: 1 },
    ]);
  });

  it("reaches exactly 255 instructions with a conditional jump", () => {
    const pad = Array.from({ length: 255 }, () => "ld #0").join("\n");
    expect(assemble(`jeq #0, far\n${pad}\nfar: ret #0`)[0]!.jt).toBe(255);
  });
});

describe("assembler: errors", () => {
  const cases: [string, string, number, number, RegExp][] = [
    ["unknown mnemonic", "ld #1\n  frob #2", 2, 3, /unknown mnemonic 'frob'/],
    ["undefined label", "jeq #1, nowhere\nret #0", 1, 9, /undefined label 'nowhere'/],
    ["duplicate label", "a: ret #0\na: ret #1", 2, 1, /defined twice/],
    ["unknown $constant", "ret #$NOPE", 1, 6, /unknown constant '\$NOPE'/],
    ["unknown constant in expression", "ret #$$1 | NOPE$$", 1, 12, /unknown constant 'NOPE'/],
    ["unknown syscall", "jeq #$__NR_nosuch, a\na: ret #0", 1, 6, /unknown constant/],
    ["jump out of range", `jeq #0, far\n${"ld #0\n".repeat(256)}far: ret #0`, 1, 9, /at most 255/],
    ["backward jump", "a: ld #0\njeq #0, a\nret #0", 2, 9, /backward/],
    ["label at end", "ja end\nret #0\nend:", 1, 4, /end of the program/],
    ["missing operand", "ld", 1, 3, /ld: expected/],
    ["trailing garbage", "ret #1 #2", 1, 8, /unexpected '#'/],
    ["bad number", "ret #12ab", 1, 6, /malformed number/],
    ["too big", "ret #0x100000000", 1, 6, /does not fit in 32 bits/],
    ["unterminated expression", "ret #$$1+2", 1, 6, /unterminated/],
    ["unterminated comment", "ret #0 /* oops", 1, 8, /unterminated/],
    ["division by zero", "ret #$$1/0$$", 1, 9, /division by zero/],
    ["bad field", "ld [$$offsetof(struct seccomp_data, foo)$$]", 1, 37, /no field 'foo'/],
    ["bad args index", "ld [$$offsetof(struct seccomp_data, args[6])$$]", 1, 42, /args\[6\]/],
    ["jne with two targets", "jne #1, a, b\na: b: ret #0", 1, 10, /one target/],
    ["unknown extension", "ld proto", 1, 4, /extension 'proto'/],
    ["stray character", "ret #1 @", 1, 8, /unexpected character '@'/],
    ["missing label", "jeq #1,", 1, 8, /expected a label/],
    ["expression syntax", "ret #$$(1+$$", 1, 11, /expression ends too early/],
  ];
  it.each(cases)("%s", (_name, src, line, column, message) => {
    let caught: unknown;
    try {
      assemble(src);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BpfAsmError);
    const err = caught as BpfAsmError;
    expect(err.reason).toMatch(message);
    expect([err.line, err.column]).toEqual([line, column]);
    expect(err.message).toContain(`line ${line}, column ${column}`);
  });

  it("never crashes on arbitrary input: only BpfAsmError (fuzz, fixed corpus)", () => {
    const alphabet = [
      "ld",
      "jeq",
      " ",
      "#",
      "$$",
      "$",
      "[",
      "]",
      ",",
      "x",
      "a:",
      "a",
      "\n",
      "1",
      "0x",
      "(",
      ")",
      "/*",
      "*/",
      ";",
      "M",
      "+",
      "-",
      "~",
      "offsetof",
      "ret",
    ];
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const src = Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join("");
      try {
        assemble(src);
      } catch (e) {
        expect(e).toBeInstanceOf(BpfAsmError);
      }
    }
  });
});
