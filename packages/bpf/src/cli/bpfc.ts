#!/usr/bin/env node
// bpfc: assemble, disassemble and run seccomp filters from the command line
// (the I/O around bpfc-run.ts). Every refusal is one line on stderr and exit 1.
import { readFileSync, writeFileSync } from "node:fs";
import { BpfAsmError } from "../asm.js";
import { BpfEncodingError } from "../insn.js";
import { BpfRuntimeError } from "../interp.js";
import { BPFC_USAGE, BpfcUsageError, parseBpfcArgs } from "./bpfc-options.js";
import { BpfcRunError, bpfc } from "./bpfc-run.js";
import { HexError } from "./hex.js";
import { SyscallCallError } from "./syscall-call.js";

function readInput(file: string): Uint8Array {
  try {
    return readFileSync(file === "-" ? 0 : file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new BpfcUsageError(`${file}: ${why}`);
  }
}

/** One line for any failure; a stack only under H_DEBUG. */
function describe(e: unknown, file: string): string {
  const name = file === "-" ? "<stdin>" : file;
  if (e instanceof BpfAsmError) return `${name}:${e.line}:${e.column}: ${e.reason}`;
  if (e instanceof HexError) return `${name}: not hex: ${e.message}`;
  if (e instanceof BpfEncodingError) {
    return `${name}: ${e.message} (a struct sock_filter is 8 bytes: the file is truncated or not a filter)`;
  }
  if (e instanceof SyscallCallError || e instanceof BpfcRunError || e instanceof BpfcUsageError) return e.message;
  if (e instanceof BpfRuntimeError) return `run: ${e.message}`;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

function main(argv: readonly string[]): number {
  let file = "-";
  try {
    const o = parseBpfcArgs(argv);
    if (o.help) {
      process.stdout.write(`${BPFC_USAGE}\n`);
      return 0;
    }
    file = o.file;
    const { stdout, warnings } = bpfc(o, readInput(o.file));
    for (const w of warnings) process.stderr.write(`bpfc: ${w}\n`);
    if (o.output !== undefined) writeFileSync(o.output, stdout);
    else process.stdout.write(stdout);
    return 0;
  } catch (e) {
    process.stderr.write(`bpfc: ${describe(e, file)}\n`);
    if (process.env.H_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
