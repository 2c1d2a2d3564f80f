// A simulator of seccomp's classic BPF, and the kernel's load-time checks.
//
// validate() is bpf_check_classic() (net/core/filter.c) followed by
// seccomp_check_filter() (kernel/seccomp.c): what the kernel would refuse with
// EINVAL, we refuse with a reason. run() then executes a program exactly like
// the kernel does after those checks (including the rewrite of `ld #len` to
// `ld #64`), so a filter can be tested without ever loading it.

import {
  BPF_A,
  BPF_ABS,
  BPF_ADD,
  BPF_ALU,
  BPF_AND,
  BPF_B,
  BPF_DIV,
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
  BPF_LSH,
  BPF_MAXINSNS,
  BPF_MEM,
  BPF_MEMWORDS,
  BPF_MISC,
  BPF_MOD,
  BPF_MSH,
  BPF_MUL,
  BPF_NEG,
  BPF_OR,
  BPF_RET,
  BPF_RSH,
  BPF_ST,
  BPF_STX,
  BPF_SUB,
  BPF_TAX,
  BPF_TXA,
  BPF_W,
  BPF_X,
  BPF_XOR,
  type Insn,
  isCondJump,
} from "./insn.js";
import type { Action, SeccompData } from "./rule.js";

/** sizeof(struct seccomp_data): nr u32 @0, arch u32 @4, ip u64 @8, args[6] u64 @16. */
export const SECCOMP_DATA_SIZE = 64;

// SECCOMP_RET_* (include/uapi/linux/seccomp.h).
export const SECCOMP_RET_KILL_PROCESS = 0x80000000;
export const SECCOMP_RET_KILL_THREAD = 0x00000000;
export const SECCOMP_RET_TRAP = 0x00030000;
export const SECCOMP_RET_ERRNO = 0x00050000;
export const SECCOMP_RET_USER_NOTIF = 0x7fc00000;
export const SECCOMP_RET_TRACE = 0x7ff00000;
export const SECCOMP_RET_LOG = 0x7ffc0000;
export const SECCOMP_RET_ALLOW = 0x7fff0000;
export const SECCOMP_RET_ACTION_FULL = 0xffff0000;
export const SECCOMP_RET_DATA = 0x0000ffff;
/** The kernel caps an errno return at MAX_ERRNO. */
const MAX_ERRNO = 4095;

/** Opcodes bpf_check_classic() accepts at all (chk_code_allowed). */
const CLASSIC_CODES: ReadonlySet<number> = new Set([
  ...[BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH].flatMap((op) => [
    BPF_ALU | op | BPF_K,
    BPF_ALU | op | BPF_X,
  ]),
  BPF_ALU | BPF_NEG,
  BPF_LD | BPF_W | BPF_ABS,
  BPF_LD | BPF_H | BPF_ABS,
  BPF_LD | BPF_B | BPF_ABS,
  BPF_LD | BPF_W | BPF_LEN,
  BPF_LD | BPF_W | BPF_IND,
  BPF_LD | BPF_H | BPF_IND,
  BPF_LD | BPF_B | BPF_IND,
  BPF_LD | BPF_IMM,
  BPF_LD | BPF_MEM,
  BPF_LDX | BPF_W | BPF_LEN,
  BPF_LDX | BPF_B | BPF_MSH,
  BPF_LDX | BPF_IMM,
  BPF_LDX | BPF_MEM,
  BPF_ST,
  BPF_STX,
  BPF_MISC | BPF_TAX,
  BPF_MISC | BPF_TXA,
  BPF_RET | BPF_K,
  BPF_RET | BPF_A,
  BPF_JMP | BPF_JA,
  ...[BPF_JEQ, BPF_JGE, BPF_JGT, BPF_JSET].flatMap((op) => [BPF_JMP | op | BPF_K, BPF_JMP | op | BPF_X]),
]);

/**
 * Opcodes seccomp_check_filter() lets through: the classic set minus packet
 * loads other than `ld [k]`, minus mod, minus `ldx 4*([k]&0xf)`.
 */
const SECCOMP_CODES: ReadonlySet<number> = new Set(
  [...CLASSIC_CODES].filter(
    (c) =>
      c !== (BPF_ALU | BPF_MOD | BPF_K) &&
      c !== (BPF_ALU | BPF_MOD | BPF_X) &&
      c !== (BPF_LD | BPF_H | BPF_ABS) &&
      c !== (BPF_LD | BPF_B | BPF_ABS) &&
      c !== (BPF_LD | BPF_W | BPF_IND) &&
      c !== (BPF_LD | BPF_H | BPF_IND) &&
      c !== (BPF_LD | BPF_B | BPF_IND) &&
      c !== (BPF_LDX | BPF_B | BPF_MSH),
  ),
);

/** Is this opcode one a seccomp filter may contain? */
export const isSeccompOpcode = (code: number): boolean => SECCOMP_CODES.has(code);

export type Validation = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly at?: number };

const hex = (n: number): string => `0x${n.toString(16)}`;
const fail = (reason: string, at?: number): Validation =>
  at === undefined ? { ok: false, reason } : { ok: false, reason: `instruction ${at}: ${reason}`, at };

/**
 * Would the kernel accept this program as a seccomp filter?
 * Same checks, same order of concern as bpf_check_classic + seccomp_check_filter.
 */
export function validate(program: readonly Insn[]): Validation {
  const n = program.length;
  if (n === 0) return fail("empty program (the kernel wants 1..4096 instructions)");
  if (n > BPF_MAXINSNS) return fail(`program has ${n} instructions, more than BPF_MAXINSNS (${BPF_MAXINSNS})`);

  for (const [pc, { code, jt, jf, k }] of program.entries()) {
    const fields = [code <= 0xffff, jt <= 0xff, jf <= 0xff, k <= 0xffffffff];
    if (![code, jt, jf, k].every((v) => Number.isInteger(v) && v >= 0) || fields.includes(false)) {
      return fail("code/jt/jf/k out of range for struct sock_filter", pc);
    }
    if (!CLASSIC_CODES.has(code)) return fail(`unknown opcode ${hex(code)}`, pc);
    if (!SECCOMP_CODES.has(code))
      return fail(`opcode ${hex(code)} is valid classic BPF but not allowed in seccomp`, pc);
    switch (code) {
      case BPF_ALU | BPF_DIV | BPF_K:
        if (k === 0) return fail("division by constant zero", pc);
        break;
      case BPF_ALU | BPF_LSH | BPF_K:
      case BPF_ALU | BPF_RSH | BPF_K:
        if (k >= 32) return fail(`shift by ${k} (must be < 32)`, pc);
        break;
      case BPF_LD | BPF_MEM:
      case BPF_LDX | BPF_MEM:
      case BPF_ST:
      case BPF_STX:
        if (k >= BPF_MEMWORDS) return fail(`scratch memory index M[${k}] (must be < ${BPF_MEMWORDS})`, pc);
        break;
      case BPF_JMP | BPF_JA:
        if (k >= n - pc - 1) return fail(`ja +${k} jumps past the end of the program`, pc);
        break;
      case BPF_LD | BPF_W | BPF_ABS:
        // seccomp_check_filter: 32-bit aligned and inside struct seccomp_data.
        if (k >= SECCOMP_DATA_SIZE || k & 3) {
          return fail(`ld [${k}] is not an aligned 32-bit word inside struct seccomp_data (0..60, step 4)`, pc);
        }
        break;
      default:
        if (isCondJump(code) && (pc + jt + 1 >= n || pc + jf + 1 >= n)) {
          return fail(`conditional jump (jt ${jt}, jf ${jf}) past the end of the program`, pc);
        }
    }
  }
  const last = program.at(-1)?.code; // n > 0
  if (last !== (BPF_RET | BPF_K) && last !== (BPF_RET | BPF_A)) {
    return fail("the last instruction is not a ret", n - 1);
  }
  return checkLoadAndStores(program);
}

/**
 * check_load_and_stores(): no M[i] may be read unless every path to the read
 * stored it first. Jumps only go forward, so one pass in program order with a
 * per-instruction "valid on every incoming edge" mask is exact (and it is the
 * kernel's own conservative rule: fall-through after ret still carries the
 * mask, as in the kernel).
 */
function checkLoadAndStores(program: readonly Insn[]): Validation {
  const masks = new Uint16Array(program.length).fill(0xffff);
  let memvalid = 0;
  // Out of range (validate() refused such jumps already) is ignored, as a typed array ignores it.
  const narrow = (at: number) => {
    if (at < masks.length) masks[at] = (masks[at] ?? 0) & memvalid;
  };
  for (const [pc, { code, jt, jf, k }] of program.entries()) {
    memvalid &= masks[pc] ?? 0;
    if (code === BPF_ST || code === BPF_STX) {
      memvalid |= 1 << k;
    } else if (code === (BPF_LD | BPF_MEM) || code === (BPF_LDX | BPF_MEM)) {
      if (!(memvalid & (1 << k))) return fail(`M[${k}] may be read before it is written`, pc);
    } else if (code === (BPF_JMP | BPF_JA)) {
      narrow(pc + 1 + k);
      memvalid = 0xffff;
    } else if (isCondJump(code)) {
      narrow(pc + 1 + jt);
      narrow(pc + 1 + jf);
      memvalid = 0xffff;
    }
  }
  return { ok: true };
}

export class BpfRuntimeError extends Error {
  override readonly name = "BpfRuntimeError";
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`instruction ${at}: ${message}`);
  }
}

/** struct seccomp_data as the 16 little-endian u32 words a filter can load. */
export function seccompWords(data: SeccompData): Uint32Array {
  const w = new Uint32Array(SECCOMP_DATA_SIZE / 4);
  const u64 = (slot: number, v: bigint) => {
    const x = BigInt.asUintN(64, v);
    w[slot] = Number(x & 0xffffffffn);
    w[slot + 1] = Number(x >> 32n);
  };
  w[0] = data.nr >>> 0;
  w[1] = data.arch >>> 0;
  u64(2, data.instructionPointer);
  data.args.forEach((a, i) => {
    u64(4 + 2 * i, a);
  });
  return w;
}

export interface Execution {
  /** The filter's 32-bit return value. */
  readonly ret: number;
  /** Instructions executed, the ret included. */
  readonly steps: number;
}

/**
 * Run a program the way the kernel runs a seccomp filter. Assumes validate()
 * passed; anything the validator would refuse (and the kernel could never
 * run) throws BpfRuntimeError rather than being guessed at.
 */
export function execute(program: readonly Insn[], data: SeccompData): Execution {
  const words = seccompWords(data);
  const mem = new Uint32Array(BPF_MEMWORDS);
  let a = 0;
  let x = 0;
  let steps = 0;
  let pc = 0;
  while (pc < program.length) {
    const insn = program[pc];
    if (insn === undefined) break; // pc < program.length
    const { code, jt, jf, k } = insn;
    steps++;
    let next = pc + 1;
    switch (code) {
      case BPF_LD | BPF_W | BPF_ABS:
        if (k >= SECCOMP_DATA_SIZE || k & 3) throw new BpfRuntimeError(`ld [${k}] outside seccomp_data`, pc);
        a = words[k >>> 2]!;
        break;
      // seccomp rewrites the "packet length" loads to the size of seccomp_data.
      case BPF_LD | BPF_W | BPF_LEN:
        a = SECCOMP_DATA_SIZE;
        break;
      case BPF_LDX | BPF_W | BPF_LEN:
        x = SECCOMP_DATA_SIZE;
        break;
      case BPF_LD | BPF_IMM:
        a = k >>> 0;
        break;
      case BPF_LDX | BPF_IMM:
        x = k >>> 0;
        break;
      case BPF_LD | BPF_MEM:
        a = memWord(mem, k, pc);
        break;
      case BPF_LDX | BPF_MEM:
        x = memWord(mem, k, pc);
        break;
      case BPF_ST:
        memWord(mem, k, pc);
        mem[k] = a;
        break;
      case BPF_STX:
        memWord(mem, k, pc);
        mem[k] = x;
        break;
      case BPF_MISC | BPF_TAX:
        x = a;
        break;
      case BPF_MISC | BPF_TXA:
        a = x;
        break;
      case BPF_ALU | BPF_NEG:
        a = -a >>> 0;
        break;
      case BPF_ALU | BPF_DIV | BPF_X:
        // Classic BPF semantics kept by the kernel's cBPF->eBPF conversion:
        // dividing by X == 0 makes the whole program return 0.
        if (x === 0) return { ret: 0, steps };
        a = Math.floor(a / x) >>> 0;
        break;
      case BPF_ALU | BPF_DIV | BPF_K:
        if (k === 0) throw new BpfRuntimeError("division by constant zero", pc);
        a = Math.floor(a / k) >>> 0;
        break;
      case BPF_JMP | BPF_JA:
        next = pc + 1 + k;
        break;
      case BPF_RET | BPF_K:
        return { ret: k >>> 0, steps };
      case BPF_RET | BPF_A:
        return { ret: a, steps };
      default: {
        if ((code & 0x07) === BPF_ALU && SECCOMP_CODES.has(code)) {
          a = alu(code & 0xf0, a, (code & BPF_X ? x : k) >>> 0, code & BPF_X, pc);
        } else if (isCondJump(code) && SECCOMP_CODES.has(code)) {
          next = pc + 1 + (cond(code & 0xf0, a, (code & BPF_X ? x : k) >>> 0) ? jt : jf);
        } else {
          throw new BpfRuntimeError(`opcode 0x${code.toString(16)} is not allowed in seccomp`, pc);
        }
      }
    }
    pc = next;
  }
  throw new BpfRuntimeError("ran past the end of the program (no ret)", pc);
}

/** The filter's 32-bit return value for this syscall. */
export const run = (program: readonly Insn[], data: SeccompData): number => execute(program, data).ret;

function memWord(mem: Uint32Array, k: number, pc: number): number {
  if (k >= BPF_MEMWORDS) throw new BpfRuntimeError(`scratch index M[${k}] out of range`, pc);
  return mem[k]!;
}

function alu(op: number, a: number, v: number, isX: number, pc: number): number {
  switch (op) {
    case BPF_ADD:
      return (a + v) >>> 0;
    case BPF_SUB:
      return (a - v) >>> 0;
    case BPF_MUL:
      return Math.imul(a, v) >>> 0;
    case BPF_AND:
      return (a & v) >>> 0;
    case BPF_OR:
      return (a | v) >>> 0;
    case BPF_XOR:
      return (a ^ v) >>> 0;
    // Shifts by X use the low 5 bits, as the eBPF interpreter and the x86_64 and
    // arm64 JITs do for 32-bit shifts; shifts by K >= 32 never pass validate().
    case BPF_LSH:
      if (!isX && v >= 32) throw new BpfRuntimeError(`shift by ${v}`, pc);
      return (a << (v & 31)) >>> 0;
    case BPF_RSH:
      if (!isX && v >= 32) throw new BpfRuntimeError(`shift by ${v}`, pc);
      return a >>> (v & 31);
    default:
      throw new BpfRuntimeError(`unknown ALU operation 0x${op.toString(16)}`, pc);
  }
}

function cond(op: number, a: number, v: number): boolean {
  switch (op) {
    case BPF_JEQ:
      return a === v;
    case BPF_JGT:
      return a > v;
    case BPF_JGE:
      return a >= v;
    default: // BPF_JSET
      return (a & v) !== 0;
  }
}

/** What seccomp does with a return value that is not one of the actions below. */
export type TraceAction = { readonly kind: "trace"; readonly data: number };

/**
 * Decode a filter's return value the way __seccomp_filter() does: the action
 * is ret & SECCOMP_RET_ACTION_FULL, the data ret & SECCOMP_RET_DATA. The
 * kernel caps errno data at MAX_ERRNO (4095) and treats an unknown action as
 * KILL_PROCESS; so do we.
 */
export function retAction(ret: number): Action | TraceAction {
  const r = ret >>> 0;
  const data = r & SECCOMP_RET_DATA;
  switch ((r & SECCOMP_RET_ACTION_FULL) >>> 0) {
    case SECCOMP_RET_ALLOW:
      return { kind: "allow" };
    case SECCOMP_RET_ERRNO:
      return { kind: "errno", errno: Math.min(data, MAX_ERRNO) };
    case SECCOMP_RET_KILL_THREAD:
      return { kind: "kill-thread" };
    case SECCOMP_RET_TRAP:
      return { kind: "trap", data };
    case SECCOMP_RET_LOG:
      return { kind: "log" };
    case SECCOMP_RET_USER_NOTIF:
      return { kind: "user-notif" };
    case SECCOMP_RET_TRACE:
      return { kind: "trace", data };
    default: // SECCOMP_RET_KILL_PROCESS and anything unknown
      return { kind: "kill-process" };
  }
}
