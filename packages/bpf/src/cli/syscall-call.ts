// The syscall bpfc's run mode feeds a filter, written as a C call:
//   openat(AT_FDCWD, 0, O_RDONLY|O_CLOEXEC)     257(-100, 0, 0)     getpid
// The name (or number) picks seccomp_data.nr for the arch; each argument is
// an assembler expression (asm.ts's $$…$$ language, so every constant the
// assembler knows works here too), stored as the 64-bit register value: -100
// becomes 0xffffffffffffff9c, as the kernel sees AT_FDCWD.
import { type AsmOptions, BpfAsmError, evaluateExpression } from "../asm.js";
import { AUDIT_ARCH } from "../compile.js";
import type { Arch, SeccompData } from "../rule.js";
import { syscallName, syscallNumber } from "../syscalls/index.js";

export class SyscallCallError extends Error {
  override readonly name = "SyscallCallError";
}

export interface SyscallCall {
  /** The name, when the arch has one for this number. */
  readonly name?: string;
  readonly data: SeccompData;
}

/** Splits "a, f(b, c), d" at the commas outside parentheses. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

export interface CallOptions extends AsmOptions {
  readonly arch: Arch;
  /** seccomp_data.instruction_pointer. Default 0. */
  readonly instructionPointer?: bigint;
  /** seccomp_data.arch. Default: AUDIT_ARCH of `arch` (another value tests the filter's arch check). */
  readonly auditArch?: number;
}

/** Parses `name(arg, …)` (or a bare name or number) into the seccomp_data the kernel would pass. */
export function parseSyscallCall(text: string, opts: CallOptions): SyscallCall {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+|[0-9]+)\s*(?:\((.*)\))?\s*$/s.exec(text);
  if (!m) throw new SyscallCallError(`cannot read syscall '${text}': write NAME(ARG, …) or NUMBER(ARG, …)`);
  const head = m[1]!;
  let nr: number;
  let name: string | undefined;
  if (/^[0-9]/.test(head)) {
    nr = Number(head);
    if (!Number.isSafeInteger(nr) || nr > 0xffffffff)
      throw new SyscallCallError(`syscall number ${head} is not 32-bit`);
    name = syscallName(opts.arch, nr);
  } else {
    const n = syscallNumber(opts.arch, head);
    if (n === undefined) throw new SyscallCallError(`unknown syscall '${head}' on ${opts.arch}`);
    nr = n;
    name = head;
  }
  const argText = m[2]?.trim() ?? "";
  const parts = argText === "" ? [] : splitArgs(argText);
  if (parts.length > 6) throw new SyscallCallError(`a syscall has at most 6 arguments, got ${parts.length}`);
  const args: bigint[] = parts.map((p, i) => {
    if (p === "") throw new SyscallCallError(`argument ${i} is empty`);
    try {
      return BigInt.asUintN(64, evaluateExpression(p, opts));
    } catch (e) {
      if (e instanceof BpfAsmError) throw new SyscallCallError(`argument ${i} '${p}': ${e.reason}`);
      throw e;
    }
  });
  while (args.length < 6) args.push(0n);
  return {
    ...(name !== undefined ? { name } : {}),
    data: {
      nr,
      arch: opts.auditArch ?? AUDIT_ARCH[opts.arch],
      instructionPointer: opts.instructionPointer ?? 0n,
      args: args as unknown as SeccompData["args"],
    },
  };
}

const hex64 = (v: bigint) => (v < 10n ? String(v) : `0x${v.toString(16)}`);

/** `openat(0xffffffffffffff9c, 0, 0x80000)`: the call as the filter sees it (trailing zero arguments left out). */
export function formatCall(call: SyscallCall): string {
  const args = [...call.data.args];
  while (args.length > 0 && args[args.length - 1] === 0n) args.pop();
  return `${call.name ?? `syscall ${call.data.nr}`}(${args.map(hex64).join(", ")})`;
}
