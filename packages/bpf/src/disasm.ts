// A disassembler printing the assembler's own syntax (asm.ts), so that
// assemble(disassemble(p, o), o) deep-equals p for every program p — not only
// valid ones: whatever the syntax cannot say exactly (unknown opcodes, unused
// fields that are not zero, jumps past the end) is printed as `.insn`.
//
// Names are printed only where they are unambiguous, and every symbolic
// operand is checked by evaluating it back before it is used:
//   ld [$$offsetof(struct seccomp_data, nr)$$]     for ld [0] (any seccomp_data word)
//   jeq #$__NR_openat, …                           when A holds nr and an arch is given
//   jeq #$AUDIT_ARCH_X86_64, …                     when A holds arch
//   ret #$SECCOMP_RET_ALLOW, ret #$$SECCOMP_RET_ERRNO|EPERM$$

import { type AsmOptions, evaluateExpression, resolveName } from "./asm.js";
import { constantsFor, errnoName } from "./constants.js";
import {
  BPF_A,
  BPF_ABS,
  BPF_ALU,
  BPF_B,
  BPF_H,
  BPF_IMM,
  BPF_IND,
  BPF_JA,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LD,
  BPF_LDX,
  BPF_LEN,
  BPF_MEM,
  BPF_MISC,
  BPF_MSH,
  BPF_NEG,
  BPF_RET,
  BPF_ST,
  BPF_STX,
  BPF_TAX,
  BPF_TXA,
  BPF_W,
  BPF_X,
  type Insn,
  isCondJump,
} from "./insn.js";
import { SECCOMP_DATA_SIZE } from "./interp.js";
import { syscallName } from "./syscalls/index.js";

export interface DisasmOptions extends AsmOptions {
  /** Print names ($__NR_x, $SECCOMP_RET_x, offsetof(...)) where unambiguous. Default true. */
  readonly symbolic?: boolean;
}

const ALU_NAMES: Readonly<Record<number, string>> = {
  0: "add",
  16: "sub",
  32: "mul",
  48: "div",
  64: "or",
  80: "and",
  96: "lsh",
  112: "rsh",
  144: "mod",
  160: "xor",
};
const JMP_NAMES: Readonly<Record<number, string>> = {
  [BPF_JEQ]: "jeq",
  [BPF_JGT]: "jgt",
  [BPF_JGE]: "jge",
  [BPF_JSET]: "jset",
};
/** One-target forms with the target in jf: jne = !jeq, jlt = !jge, jle = !jgt. */
const NEG_NAMES: Readonly<Record<number, string>> = { [BPF_JEQ]: "jne", [BPF_JGE]: "jlt", [BPF_JGT]: "jle" };

const num = (k: number): string => (k < 10 ? String(k) : `0x${k.toString(16)}`);
const hex = (k: number, w: number): string => `0x${k.toString(16).padStart(w, "0")}`;

/** `offsetof(...)` text for an aligned word of seccomp_data (high halves as `+ 4`). */
function offsetText(k: number): string {
  if (k < 8) return `offsetof(struct seccomp_data, ${k === 0 ? "nr" : "arch"})`;
  const field = k < 16 ? "instruction_pointer" : `args[${(k - 16) >> 3}]`;
  return `offsetof(struct seccomp_data, ${field})${k % 8 === 4 ? " + 4" : ""}`;
}

/** Jump-free instructions: opcode -> does it use k. */
function plainForm(code: number): { uses: "k" | "none" } | undefined {
  switch (code) {
    case BPF_LD | BPF_W | BPF_ABS:
    case BPF_LD | BPF_H | BPF_ABS:
    case BPF_LD | BPF_B | BPF_ABS:
    case BPF_LD | BPF_W | BPF_IND:
    case BPF_LD | BPF_H | BPF_IND:
    case BPF_LD | BPF_B | BPF_IND:
    case BPF_LD | BPF_IMM:
    case BPF_LD | BPF_MEM:
    case BPF_LDX | BPF_IMM:
    case BPF_LDX | BPF_MEM:
    case BPF_LDX | BPF_B | BPF_MSH:
    case BPF_ST:
    case BPF_STX:
    case BPF_RET | BPF_K:
      return { uses: "k" };
    case BPF_LD | BPF_W | BPF_LEN:
    case BPF_LDX | BPF_W | BPF_LEN:
    case BPF_ALU | BPF_NEG:
    case BPF_MISC | BPF_TAX:
    case BPF_MISC | BPF_TXA:
    case BPF_RET | BPF_A:
    case BPF_RET | BPF_X:
      return { uses: "none" };
    default:
      if ((code & 0x07) === BPF_ALU && (code & ~0xf8) === BPF_ALU && Object.hasOwn(ALU_NAMES, code & 0xf0)) {
        return { uses: code & BPF_X ? "none" : "k" };
      }
      return undefined;
  }
}

/** Can this instruction be printed in the ordinary syntax (and assemble back identically)? */
function isCanonical(insn: Insn, pc: number, n: number): boolean {
  const { code, jt, jf, k } = insn;
  if (code === (BPF_JMP | BPF_JA)) return jt === 0 && jf === 0 && pc + 1 + k < n;
  if (isCondJump(code) && (code & ~0xf8) === BPF_JMP) {
    return pc + 1 + jt < n && pc + 1 + jf < n && ((code & BPF_X) === 0 || k === 0);
  }
  const form = plainForm(code);
  if (!form || jt !== 0 || jf !== 0) return false;
  return form.uses === "k" || k === 0;
}

/** What the accumulator is known to hold: the seccomp_data offset last loaded, or -1. */
function accumulatorSources(program: readonly Insn[]): number[] {
  const n = program.length;
  const known: (number | undefined)[] = new Array(n).fill(undefined);
  known[0] = -1;
  const flow = (to: number, v: number) => {
    if (to >= n) return;
    const cur = known[to];
    known[to] = cur === undefined || cur === v ? v : -1;
  };
  program.forEach(({ code, jt, jf, k }, pc) => {
    const inA = known[pc] ?? -1;
    known[pc] = inA;
    if (code === (BPF_JMP | BPF_JA)) flow(pc + 1 + k, inA);
    else if (isCondJump(code)) {
      flow(pc + 1 + jt, inA);
      flow(pc + 1 + jf, inA);
    } else if ((code & 0x07) !== BPF_RET) {
      const cls = code & 0x07;
      const changesA = cls === BPF_LD || cls === BPF_ALU || code === (BPF_MISC | BPF_TXA);
      const out = code === (BPF_LD | BPF_W | BPF_ABS) ? k : changesA ? -1 : inA;
      flow(pc + 1, out);
    }
  });
  return known.map((v) => v ?? -1);
}

const RET_NAMES: readonly [number, string][] = [
  [0x80000000, "KILL_PROCESS"],
  [0x00000000, "KILL_THREAD"],
  [0x00030000, "TRAP"],
  [0x00050000, "ERRNO"],
  [0x7fc00000, "USER_NOTIF"],
  [0x7ff00000, "TRACE"],
  [0x7ffc0000, "LOG"],
  [0x7fff0000, "ALLOW"],
];

/** Produces checked symbolic operands; falls back to numbers. */
class Namer {
  constructor(readonly opts: DisasmOptions) {}
  private sym(expr: string, value: number): string | undefined {
    try {
      const v = evaluateExpression(expr, this.opts);
      return BigInt.asUintN(32, v) === BigInt(value) && v >= -(1n << 32n) && v < 1n << 32n ? `$$${expr}$$` : undefined;
    } catch {
      return undefined;
    }
  }
  private name(name: string, value: number): string | undefined {
    try {
      return resolveName(name, this.opts) === BigInt(value) ? `$${name}` : undefined;
    } catch {
      return undefined;
    }
  }
  get on(): boolean {
    return this.opts.symbolic !== false;
  }
  offset(k: number): string {
    if (!this.on || k >= SECCOMP_DATA_SIZE || k & 3) return num(k);
    return this.sym(offsetText(k), k) ?? num(k);
  }
  ret(k: number): string {
    if (!this.on) return num(k);
    const action = (k & 0xffff0000) >>> 0;
    const data = k & 0xffff;
    const entry = RET_NAMES.find(([v]) => v === action);
    if (!entry) return num(k);
    const base = `SECCOMP_RET_${entry[1]}`;
    if (data === 0) return this.name(base, k) ?? num(k);
    const dataName = action === 0x00050000 ? errnoName(data) : undefined;
    return (
      (dataName !== undefined ? this.sym(`${base}|${dataName}`, k) : undefined) ??
      this.sym(`${base}|${num(data)}`, k) ??
      num(k)
    );
  }
  /** An immediate compared with A, where A is known to hold seccomp_data word `src`. */
  compare(k: number, src: number): string {
    if (!this.on) return num(k);
    if (src === 0) {
      if (k === 0x40000000) return this.name("__X32_SYSCALL_BIT", k) ?? num(k);
      if (this.opts.arch !== undefined) {
        const name = syscallName(this.opts.arch, k);
        if (name !== undefined) return this.name(`__NR_${name}`, k) ?? num(k);
      }
    } else if (src === 4) {
      const table = constantsFor(this.opts.arch ?? "x86_64");
      const names = Object.keys(table).filter((c) => c.startsWith("AUDIT_ARCH_") && table[c] === BigInt(k));
      const preferred = names.find((c) => c === "AUDIT_ARCH_X86_64" || c === "AUDIT_ARCH_AARCH64");
      const pick = preferred ?? (names.length === 1 ? names[0] : undefined);
      if (pick !== undefined) return this.name(pick, k) ?? num(k);
    }
    return num(k);
  }
}

/** Render a program in bpf_asm syntax, one instruction per line, labels `L<index>:` for jump targets. */
export function disassemble(program: readonly Insn[], opts: DisasmOptions = {}): string {
  const n = program.length;
  const canonical = program.map((insn, pc) => isCanonical(insn, pc, n));
  const sources = accumulatorSources(program);
  const namer = new Namer(opts);
  const targets = new Set<number>();
  const lines: string[] = [];

  const body = program.map((insn, pc): string => {
    const { code, jt, jf, k } = insn;
    if (!canonical[pc]) return `.insn ${hex(code, 4)}, ${jt}, ${jf}, ${hex(k, 8)}`;
    const label = (t: number) => {
      targets.add(t);
      return `L${t}`;
    };
    if (code === (BPF_JMP | BPF_JA)) return `ja ${label(pc + 1 + k)}`;
    if (isCondJump(code)) {
      const op = code & 0xf0;
      const operand = code & BPF_X ? "x" : `#${namer.compare(k, sources[pc]!)}`;
      const t = pc + 1 + jt;
      const f = pc + 1 + jf;
      if (jf === 0) return `${JMP_NAMES[op]} ${operand}, ${label(t)}`;
      if (jt === 0 && Object.hasOwn(NEG_NAMES, op)) return `${NEG_NAMES[op]} ${operand}, ${label(f)}`;
      return `${JMP_NAMES[op]} ${operand}, ${label(t)}, ${label(f)}`;
    }
    if ((code & 0x07) === BPF_ALU) {
      if (code === (BPF_ALU | BPF_NEG)) return "neg";
      const name = ALU_NAMES[code & 0xf0]!;
      return code & BPF_X ? `${name} x` : `${name} #${num(k)}`;
    }
    switch (code) {
      case BPF_LD | BPF_W | BPF_ABS:
        return `ld [${namer.offset(k)}]`;
      case BPF_LD | BPF_H | BPF_ABS:
        return `ldh [${num(k)}]`;
      case BPF_LD | BPF_B | BPF_ABS:
        return `ldb [${num(k)}]`;
      case BPF_LD | BPF_W | BPF_IND:
        return `ld [x + ${num(k)}]`;
      case BPF_LD | BPF_H | BPF_IND:
        return `ldh [x + ${num(k)}]`;
      case BPF_LD | BPF_B | BPF_IND:
        return `ldb [x + ${num(k)}]`;
      case BPF_LD | BPF_W | BPF_LEN:
        return "ld #len";
      case BPF_LDX | BPF_W | BPF_LEN:
        return "ldx #len";
      case BPF_LD | BPF_IMM:
        return `ld #${num(k)}`;
      case BPF_LDX | BPF_IMM:
        return `ldx #${num(k)}`;
      case BPF_LD | BPF_MEM:
        return `ld M[${num(k)}]`;
      case BPF_LDX | BPF_MEM:
        return `ldx M[${num(k)}]`;
      case BPF_LDX | BPF_B | BPF_MSH:
        return `ldx 4*([${num(k)}]&0xf)`;
      case BPF_ST:
        return `st M[${num(k)}]`;
      case BPF_STX:
        return `stx M[${num(k)}]`;
      case BPF_MISC | BPF_TAX:
        return "tax";
      case BPF_MISC | BPF_TXA:
        return "txa";
      case BPF_RET | BPF_K:
        return `ret #${namer.ret(k)}`;
      case BPF_RET | BPF_A:
        return "ret a";
      default: // BPF_RET | BPF_X, the last plain form
        return "ret x";
    }
  });

  body.forEach((text, pc) => {
    if (targets.has(pc)) lines.push(`L${pc}:`);
    lines.push(`  ${text}`);
  });
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}
