// A system call as seccomp sees it, from its name: what tests of a host's
// rules or compiled filter feed the interpreter (interp.ts) or evaluate()
// (compile.ts), so that each test file does not build seccomp_data itself.
import { AUDIT_ARCH } from "./compile.js";
import type { Insn } from "./insn.js";
import { execute, retAction } from "./interp.js";
import type { Arch, SeccompData } from "./rule.js";
import { syscallNumber } from "./syscalls/index.js";

/** seccomp_data for `syscall` on `arch`; arguments as the kernel passes them (negatives two's complement), missing ones 0. */
export function callData(arch: Arch, syscall: string, ...args: readonly (number | bigint)[]): SeccompData {
  const nr = syscallNumber(arch, syscall);
  if (nr === undefined) throw new Error(`no syscall ${syscall} on ${arch}`);
  const words = [...args.map((v) => BigInt.asUintN(64, BigInt(v))), 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6);
  return { nr, arch: AUDIT_ARCH[arch], instructionPointer: 0n, args: words as unknown as SeccompData["args"] };
}

/** What a compiled program does with that call, in words: "allow", "errno 13", "kill-process", ... */
export function verdict(
  program: readonly Insn[],
  arch: Arch,
  syscall: string,
  ...args: readonly (number | bigint)[]
): string {
  const action = retAction(execute(program, callData(arch, syscall, ...args)).ret);
  return action.kind === "errno" ? `errno ${action.errno}` : action.kind;
}
