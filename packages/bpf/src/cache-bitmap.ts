// The kernel's seccomp action cache, emulated (kernel/seccomp.c, Linux 5.11+).
//
// When a filter is attached, seccomp_cache_prepare_bitmap() runs it once per
// syscall number of the native arch through seccomp_is_const_allow(): a tiny
// evaluator that knows only the syscall number and the arch, and gives up
// ("not constant") the moment the program loads anything else (an argument,
// the instruction pointer) or uses an instruction outside the handful it
// understands. A number whose path reaches `ret ALLOW` without giving up goes
// into a bitmap; from then on the kernel answers that syscall from the bitmap
// and never runs the BPF for it. So an unconditionally allowed syscall costs
// nothing only if the filter dispatches on the number *before* loading any
// argument, which is what compile.ts promises and cache-bitmap.test.ts checks.
//
// The port follows the kernel's switch case by case: ld [nr] / ld [arch],
// ret #k, ja, jeq/jge/jgt/jset with an immediate, and `and #k`; anything else
// means "not constant". Bitmaps of stacked filters are ANDed by the kernel;
// one program is emulated here.
import {
  BPF_ABS,
  BPF_ALU,
  BPF_AND,
  BPF_JA,
  BPF_JEQ,
  BPF_JGE,
  BPF_JGT,
  BPF_JMP,
  BPF_JSET,
  BPF_K,
  BPF_LD,
  BPF_RET,
  BPF_W,
  type Insn,
} from "./insn.js";
import { SECCOMP_RET_ALLOW } from "./interp.js";

const LD_W_ABS = BPF_LD | BPF_W | BPF_ABS;
const RET_K = BPF_RET | BPF_K;
const JA = BPF_JMP | BPF_JA;
const JEQ_K = BPF_JMP | BPF_JEQ | BPF_K;
const JGE_K = BPF_JMP | BPF_JGE | BPF_K;
const JGT_K = BPF_JMP | BPF_JGT | BPF_K;
const JSET_K = BPF_JMP | BPF_JSET | BPF_K;
const AND_K = BPF_ALU | BPF_AND | BPF_K;

/** offsetof(struct seccomp_data, nr) and (…, arch). */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;

/** seccomp_is_const_allow(): does `nr` on `arch` reach ALLOW whatever the arguments? */
export function isConstAllow(program: readonly Insn[], nr: number, arch: number): boolean {
  let a = 0;
  for (let pc = 0; pc < program.length; pc++) {
    const insn = program[pc] as Insn;
    switch (insn.code) {
      case LD_W_ABS:
        if (insn.k === OFFSET_NR) a = nr >>> 0;
        else if (insn.k === OFFSET_ARCH) a = arch >>> 0;
        else return false; // an argument or the instruction pointer: not constant
        break;
      case RET_K:
        // The kernel compares the whole return value: ALLOW carries no data.
        return insn.k >>> 0 === SECCOMP_RET_ALLOW;
      case JA:
        pc += insn.k;
        break;
      case JEQ_K:
      case JGE_K:
      case JGT_K:
      case JSET_K: {
        const k = insn.k >>> 0;
        const taken =
          insn.code === JEQ_K ? a === k : insn.code === JGE_K ? a >= k : insn.code === JGT_K ? a > k : (a & k) !== 0;
        pc += taken ? insn.jt : insn.jf;
        break;
      }
      case AND_K:
        a = (a & insn.k) >>> 0;
        break;
      default:
        return false; // an instruction the emulator does not model
    }
  }
  return false; // ran off the end (a validated program cannot)
}

/** seccomp_cache_prepare_bitmap() for one filter: the numbers the kernel answers without running it. */
export function constAllowSet(program: readonly Insn[], arch: number, numbers: Iterable<number>): Set<number> {
  const out = new Set<number>();
  for (const nr of numbers) if (isConstAllow(program, nr, arch)) out.add(nr);
  return out;
}
