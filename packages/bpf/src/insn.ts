// The classic BPF instruction model: one `{ code, jt, jf, k }` per
// `struct sock_filter`, the opcode constants of <linux/bpf_common.h> and
// <linux/filter.h>, and the 8-byte wire encoding the kernel reads.
//
// The model covers every classic opcode (so the assembler, disassembler and
// validator can name even the ones seccomp refuses); which of them a seccomp
// filter may use is the validator's business (interp.ts).

/** One classic BPF instruction (struct sock_filter). */
export interface Insn {
  /** u16 opcode: class | size | mode, or class | op | src. */
  readonly code: number;
  /** u8 relative jump offset when the condition holds. */
  readonly jt: number;
  /** u8 relative jump offset when it does not. */
  readonly jf: number;
  /** u32 immediate / offset / jump distance (ja). */
  readonly k: number;
}

// Instruction classes.
export const BPF_LD = 0x00;
export const BPF_LDX = 0x01;
export const BPF_ST = 0x02;
export const BPF_STX = 0x03;
export const BPF_ALU = 0x04;
export const BPF_JMP = 0x05;
export const BPF_RET = 0x06;
export const BPF_MISC = 0x07;

// ld/ldx sizes.
export const BPF_W = 0x00;
export const BPF_H = 0x08;
export const BPF_B = 0x10;

// ld/ldx modes.
export const BPF_IMM = 0x00;
export const BPF_ABS = 0x20;
export const BPF_IND = 0x40;
export const BPF_MEM = 0x60;
export const BPF_LEN = 0x80;
export const BPF_MSH = 0xa0;

// alu/jmp operations.
export const BPF_ADD = 0x00;
export const BPF_SUB = 0x10;
export const BPF_MUL = 0x20;
export const BPF_DIV = 0x30;
export const BPF_OR = 0x40;
export const BPF_AND = 0x50;
export const BPF_LSH = 0x60;
export const BPF_RSH = 0x70;
export const BPF_NEG = 0x80;
export const BPF_MOD = 0x90;
export const BPF_XOR = 0xa0;

export const BPF_JA = 0x00;
export const BPF_JEQ = 0x10;
export const BPF_JGT = 0x20;
export const BPF_JGE = 0x30;
export const BPF_JSET = 0x40;

// Operand source.
export const BPF_K = 0x00;
export const BPF_X = 0x08;
/** ret operand: the accumulator (BPF_RVAL). */
export const BPF_A = 0x10;

// misc operations.
export const BPF_TAX = 0x00;
export const BPF_TXA = 0x80;

/** Kernel limit on program length (BPF_MAXINSNS). */
export const BPF_MAXINSNS = 4096;
/** Number of scratch memory words M[] (BPF_MEMWORDS). */
export const BPF_MEMWORDS = 16;
/** Size in bytes of one encoded instruction. */
export const SOCK_FILTER_SIZE = 8;

export const bpfClass = (code: number): number => code & 0x07;
export const bpfSize = (code: number): number => code & 0x18;
export const bpfMode = (code: number): number => code & 0xe0;
export const bpfOp = (code: number): number => code & 0xf0;
export const bpfSrc = (code: number): number => code & 0x08;
export const bpfRval = (code: number): number => code & 0x18;
export const bpfMiscOp = (code: number): number => code & 0xf8;

/** BPF_STMT: an instruction that does not branch. */
export const stmt = (code: number, k = 0): Insn => ({ code, jt: 0, jf: 0, k: k >>> 0 });
/** BPF_JUMP: a conditional jump with relative offsets. */
export const jump = (code: number, k: number, jt: number, jf: number): Insn => ({ code, jt, jf, k: k >>> 0 });

/** True for the conditional jumps (jeq/jgt/jge/jset, K or X), which use jt/jf. */
export function isCondJump(code: number): boolean {
  if (bpfClass(code) !== BPF_JMP) return false;
  const op = bpfOp(code);
  return op === BPF_JEQ || op === BPF_JGT || op === BPF_JGE || op === BPF_JSET;
}

export class BpfEncodingError extends Error {
  override readonly name = "BpfEncodingError";
  constructor(
    message: string,
    /** Index of the offending instruction, when there is one. */
    readonly at?: number,
  ) {
    super(message);
  }
}

function checkField(value: number, max: number, field: string, at: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new BpfEncodingError(`instruction ${at}: ${field} ${value} is not an integer in 0..${max}`, at);
  }
}

/**
 * Encode to the bytes of a `struct sock_filter[]`: u16 code, u8 jt, u8 jf,
 * u32 k, little-endian (the byte order of x86_64 and aarch64, the only
 * architectures we build filters for).
 */
export function encode(program: readonly Insn[]): Uint8Array {
  const bytes = new Uint8Array(program.length * SOCK_FILTER_SIZE);
  const view = new DataView(bytes.buffer);
  program.forEach((insn, i) => {
    checkField(insn.code, 0xffff, "code", i);
    checkField(insn.jt, 0xff, "jt", i);
    checkField(insn.jf, 0xff, "jf", i);
    checkField(insn.k, 0xffffffff, "k", i);
    const o = i * SOCK_FILTER_SIZE;
    view.setUint16(o, insn.code, true);
    view.setUint8(o + 2, insn.jt);
    view.setUint8(o + 3, insn.jf);
    view.setUint32(o + 4, insn.k, true);
  });
  return bytes;
}

/** Decode `struct sock_filter[]` bytes (little-endian) back to instructions. */
export function decode(bytes: Uint8Array): Insn[] {
  if (bytes.length % SOCK_FILTER_SIZE !== 0) {
    throw new BpfEncodingError(`length ${bytes.length} is not a multiple of ${SOCK_FILTER_SIZE}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Insn[] = [];
  for (let o = 0; o < bytes.length; o += SOCK_FILTER_SIZE) {
    out.push({
      code: view.getUint16(o, true),
      jt: view.getUint8(o + 2),
      jf: view.getUint8(o + 3),
      k: view.getUint32(o + 4, true),
    });
  }
  return out;
}

/** The `bpf_asm -c` rendering: one `{ 0x20, 0, 0, 0x00000004 },` line per instruction. */
export function toCArray(program: readonly Insn[]): string {
  const hex = (n: number, w: number) => `0x${n.toString(16).padStart(w, "0")}`;
  return program
    .map((i) => `{ ${hex(i.code, 2)}, ${String(i.jt).padStart(2)}, ${String(i.jf).padStart(2)}, ${hex(i.k, 8)} },`)
    .join("\n");
}
