// Hex text for struct sock_filter bytes: how a program travels through JSON
// (--explain=json) and a terminal. One instruction (8 bytes, 16 digits) per
// line on output; on input any whitespace is ignored, so a one-line string
// from JSON and the per-line form both read back.
import { SOCK_FILTER_SIZE } from "../insn.js";

export class HexError extends Error {
  override readonly name = "HexError";
}

/** Lower-case hex, one instruction per line when `perLine`, else one string. */
export function toHex(bytes: Uint8Array, perLine = true): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  if (!perLine) return hex;
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += SOCK_FILTER_SIZE * 2) lines.push(hex.slice(i, i + SOCK_FILTER_SIZE * 2));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** Parses hex text (whitespace ignored). Throws HexError naming the first bad character. */
export function fromHex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, "");
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new HexError(`'${bad[0]}' is not a hex digit (at digit ${bad.index + 1})`);
  if (digits.length % 2 !== 0) throw new HexError(`odd number of hex digits (${digits.length})`);
  return new Uint8Array(Buffer.from(digits, "hex"));
}
