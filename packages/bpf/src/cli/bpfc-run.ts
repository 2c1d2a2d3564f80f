// What bpfc prints for each mode, from bytes or text already read (pure: the
// bin, bpfc.ts, does the reading and writing).
import { assemble } from "../asm.js";
import { disassemble } from "../disasm.js";
import { decode, encode, type Insn, toCArray } from "../insn.js";
import { validate } from "../interp.js";
import type { BpfcOptions } from "./bpfc-options.js";
import { fromHex, toHex } from "./hex.js";
import { formatCall, parseSyscallCall } from "./syscall-call.js";
import { tracePath, verdictText } from "./trace.js";

export interface BpfcResult {
  readonly stdout: Uint8Array | string;
  /** Notes for stderr (never errors: those are thrown). */
  readonly warnings: readonly string[];
}

const asmOpts = (o: BpfcOptions) => ({ arch: o.arch, constants: o.constants });

/** The program in `input`, read as the mode says. Throws BpfAsmError, HexError or BpfEncodingError. */
export function readProgram(input: Uint8Array, as: "text" | "bytes" | "hex", o: BpfcOptions): Insn[] {
  if (as === "text") return assemble(Buffer.from(input).toString("utf8"), asmOpts(o));
  const bytes = as === "hex" ? fromHex(Buffer.from(input).toString("utf8")) : input;
  return decode(bytes);
}

/** A seccomp filter the kernel would refuse is still assembled (bpf_asm does not check either), with a warning. */
function kernelWarnings(program: readonly Insn[]): string[] {
  const v = validate(program);
  return v.ok ? [] : [`warning: the kernel would refuse this as a seccomp filter: ${v.reason}`];
}

/** The disassembly's instruction lines, in program order (label lines dropped). */
function instructionLines(text: string): string[] {
  return text.split("\n").filter((l) => l.startsWith("  "));
}

function runReport(program: readonly Insn[], o: BpfcOptions, call: string): string {
  const v = validate(program);
  // The interpreter runs only what the kernel would load: anything else has no meaning to run.
  if (!v.ok) throw new BpfcRunError(`the kernel would refuse this filter: ${v.reason}`);
  const c = parseSyscallCall(call, {
    ...asmOpts(o),
    ...(o.instructionPointer !== undefined ? { instructionPointer: o.instructionPointer } : {}),
  });
  const { path, ret } = tracePath(program, c.data);
  const text = disassemble(program, asmOpts(o));
  const lines = instructionLines(text);
  const labels = new Set(text.split("\n").flatMap((l) => (/^L\d+:$/.test(l) ? [Number(l.slice(1, -1))] : [])));
  const w = String(program.length - 1).length;
  const out = [`${formatCall(c)} on ${o.arch}: nr ${c.data.nr}`, "path:"];
  path.forEach((pc, i) => {
    const next = path[i + 1];
    const jumped = next !== undefined && next !== pc + 1;
    const note = jumped ? `   ; to ${labels.has(next) ? `L${next}` : next}` : "";
    out.push(`  ${String(pc).padStart(w)} ${lines[pc]!.trimStart().padEnd(0)}${note}`);
  });
  out.push(`verdict: ${verdictText(ret)} after ${path.length} instructions`);
  return `${out.join("\n")}\n`;
}

export class BpfcRunError extends Error {
  override readonly name = "BpfcRunError";
}

export function bpfc(o: BpfcOptions, input: Uint8Array): BpfcResult {
  const m = o.mode;
  switch (m.kind) {
    case "assemble": {
      const program = readProgram(input, "text", o);
      const warnings = kernelWarnings(program);
      if (m.output === "c") return { stdout: `${toCArray(program)}\n`, warnings };
      if (m.output === "hex") return { stdout: toHex(encode(program)), warnings };
      return { stdout: encode(program), warnings };
    }
    case "disassemble": {
      const program = readProgram(input, m.input, o);
      return { stdout: disassemble(program, asmOpts(o)), warnings: kernelWarnings(program) };
    }
    case "run":
      return { stdout: runReport(readProgram(input, m.input, o), o, m.call), warnings: [] };
  }
}
