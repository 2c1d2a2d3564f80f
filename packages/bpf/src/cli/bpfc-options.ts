// bpfc's command line, parsed (pure: argv in, a typed request out).
import { parseArgs } from "node:util";
import type { Arch } from "../rule.js";

export const BPFC_USAGE = `usage: bpfc [OPTION]... [FILE]
       bpfc -d [-x] [FILE]
       bpfc -r 'NAME(ARG, ...)' [-b|-x] [FILE]

Assemble a seccomp filter written in bpf_asm's syntax, with $NAME constants
($__NR_openat, $AUDIT_ARCH_X86_64, $SECCOMP_RET_ALLOW, $O_CLOEXEC, ...) and
$$expr$$ C expressions ($$offsetof(struct seccomp_data, args[1])$$,
$$(O_RDONLY|O_CLOEXEC)$$), into struct sock_filter bytes on stdout.
FILE defaults to stdin (also "-").

options:
  -c, --c-array          print a C array, one { code, jt, jf, k } per line
  -x, --hex              print hex, one instruction per line; with -d or -r,
                         read the program as hex
  -d, --disassemble      read struct sock_filter bytes, print assembler text
                         (it assembles back to the same bytes)
  -r, --run SYSCALL      run one system call through the program with the
                         kernel-exact interpreter; print the path and the verdict.
                         SYSCALL is NAME or NUMBER, with arguments as C
                         expressions: 'openat(AT_FDCWD, 0, O_RDONLY)'
  -b, --bytes            with -r: the program is bytes, not assembler text
  -a, --arch ARCH        x86_64 or aarch64 ($__NR_ numbers, O_ flags, the
                         arch -r reports); default: this machine
      --ip ADDRESS       with -r: seccomp_data.instruction_pointer
  -D, --define NAME=VALUE  define $NAME (wins over the built-in constants)
  -o, --output FILE      write to FILE instead of stdout
  -h, --help             show this help and exit

exit status: 0 on success; 1 on bad input (one line on stderr: FILE:LINE:COLUMN: why).`;

export class BpfcUsageError extends Error {
  override readonly name = "BpfcUsageError";
}

export type BpfcMode =
  | { readonly kind: "assemble"; readonly output: "bytes" | "c" | "hex" }
  | { readonly kind: "disassemble"; readonly input: "bytes" | "hex" }
  | { readonly kind: "run"; readonly call: string; readonly input: "text" | "bytes" | "hex" };

export interface BpfcOptions {
  readonly help: boolean;
  readonly mode: BpfcMode;
  readonly arch: Arch;
  /** "-" for stdin. */
  readonly file: string;
  readonly output?: string;
  readonly constants: Readonly<Record<string, bigint>>;
  readonly instructionPointer?: bigint;
}

/** The arch of this machine, as the syscall tables name it (x86_64 when we have no table for it). */
export function machineArch(nodeArch: string = process.arch): Arch {
  return nodeArch === "arm64" ? "aarch64" : "x86_64";
}

function integer(text: string, what: string): bigint {
  const t = text.trim();
  const neg = t.startsWith("-");
  const body = neg ? t.slice(1) : t;
  if (!/^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/.test(body))
    throw new BpfcUsageError(`${what}: '${text}' is not an integer`);
  const v = BigInt(/^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body);
  return neg ? -v : v;
}

export function parseBpfcArgs(argv: readonly string[], nodeArch: string = process.arch): BpfcOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    // parseArgs' messages carry advice for programs after the first sentence.
    throw new BpfcUsageError(((e as Error).message.split("\n")[0] ?? "").split(". ")[0]!);
  }
  const v = parsed.values;
  const files = parsed.positionals;
  if (files.length > 1) throw new BpfcUsageError(`one FILE at most, got ${files.length}`);
  const arch = v.arch ?? machineArch(nodeArch);
  if (arch !== "x86_64" && arch !== "aarch64") throw new BpfcUsageError(`unknown arch '${arch}' (x86_64 or aarch64)`);
  const picked = [v["c-array"] && "-c", v.disassemble && "-d", v.run !== undefined && "-r"].filter(Boolean);
  if (picked.length > 1) throw new BpfcUsageError(`${picked.join(" and ")} cannot be combined`);
  if (v.bytes && v.run === undefined) throw new BpfcUsageError("-b only makes sense with -r");
  if (v.bytes && v.hex) throw new BpfcUsageError("-b and -x cannot be combined");
  if (v.ip !== undefined && v.run === undefined) throw new BpfcUsageError("--ip only makes sense with -r");
  const constants: Record<string, bigint> = {};
  for (const d of v.define ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/s.exec(d);
    if (!m) throw new BpfcUsageError(`-D wants NAME=VALUE, got '${d}'`);
    constants[m[1]!] = integer(m[2]!, `-D ${m[1]}`);
  }
  let mode: BpfcMode;
  if (v.disassemble) mode = { kind: "disassemble", input: v.hex ? "hex" : "bytes" };
  else if (v.run !== undefined) mode = { kind: "run", call: v.run, input: v.hex ? "hex" : v.bytes ? "bytes" : "text" };
  else mode = { kind: "assemble", output: v["c-array"] ? "c" : v.hex ? "hex" : "bytes" };
  return {
    help: v.help === true,
    mode,
    arch,
    file: files[0] ?? "-",
    ...(v.output !== undefined ? { output: v.output } : {}),
    constants,
    ...(v.ip !== undefined ? { instructionPointer: BigInt.asUintN(64, integer(v.ip, "--ip")) } : {}),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      "c-array": { type: "boolean", short: "c" },
      hex: { type: "boolean", short: "x" },
      disassemble: { type: "boolean", short: "d" },
      run: { type: "string", short: "r" },
      bytes: { type: "boolean", short: "b" },
      arch: { type: "string", short: "a" },
      ip: { type: "string" },
      define: { type: "string", short: "D", multiple: true },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
}
