// An assembler for the kernel's bpf_asm syntax (tools/bpf/bpf_exp.{l,y},
// documented in Documentation/networking/filter.rst), extended like the C
// seed's "bpfc" so seccomp filters can be written with names, not numbers:
//
//   $NAME        a constant: `$__NR_openat` (syscall number for the chosen
//                arch), `$AUDIT_ARCH_X86_64`, `$SECCOMP_RET_ALLOW`, `$EPERM`,
//                `$O_CLOEXEC`, … (constantsFor(arch) from constants.ts), or a name the
//                caller passes in `constants`.
//   $$expr$$     integer arithmetic as in C: + - * / % << >> & | ^ ~ and
//                parentheses over numbers and bare constant names, plus
//                offsetof(struct seccomp_data, nr|arch|instruction_pointer|args[i]),
//                sizeof(struct seccomp_data), and hi32(v) / lo32(v) — the upper
//                and lower 32-bit halves of a 64-bit value, for comparing the
//                two words of an argument separately. The high word of args[i]
//                is at offsetof(struct seccomp_data, args[i]) + 4.
//
// Values are exact (bigint) while computed; the result must fit in 32 bits,
// where negative results in [-2^32, 0) wrap as two's complement (so `~MASK`
// of a 32-bit mask means what it does in C).
//
// Comments: `/* … */`, `; …`, `// …`, and a line starting with `#` (rootmos/h's
// style). Labels: `name:` before an instruction or on a line of their own.
// Mnemonics and the registers `a`/`x` are case-insensitive. Jumps are
// relative and only forward; a conditional jump reaches at most 255
// instructions — longer ones are an error here (only the compiler builds
// trampolines). The extension `.insn code, jt, jf, k` emits one raw
// instruction; the disassembler uses it for anything the syntax cannot say.

import { constantsFor } from "./constants.js";
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
  BPF_MEM,
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
} from "./insn.js";
import type { Arch } from "./rule.js";
import { syscallNumber } from "./syscalls/index.js";

export interface AsmOptions {
  /** Architecture whose syscall table `$__NR_name` uses. Default "x86_64". */
  readonly arch?: Arch;
  /** Extra names for `$NAME` and `$$expr$$`; they take precedence over the built-in ones. */
  readonly constants?: Readonly<Record<string, number | bigint>>;
}

/** A malformed assembler source: where (1-based line and column) and why. */
export class BpfAsmError extends Error {
  override readonly name = "BpfAsmError";
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/** Names that are not in CONSTANTS but that bpfc-style sources use. */
const BUILTIN: Readonly<Record<string, bigint>> = {
  __X32_SYSCALL_BIT: 0x40000000n,
};

/** The value of a constant name as `$NAME` sees it, or undefined. */
export function resolveName(name: string, opts: AsmOptions = {}): bigint | undefined {
  const extra = opts.constants;
  if (extra && Object.hasOwn(extra, name)) return BigInt(extra[name]!);
  if (name.startsWith("__NR_")) {
    const nr = syscallNumber(opts.arch ?? "x86_64", name.slice(5));
    return nr === undefined ? undefined : BigInt(nr);
  }
  if (Object.hasOwn(BUILTIN, name)) return BUILTIN[name];
  const table = constantsFor(opts.arch ?? "x86_64"); // O_* flags differ between arches
  if (Object.hasOwn(table, name)) return table[name];
  return undefined;
}

// ---------------------------------------------------------------- lexing

type Tok =
  | { readonly t: "id"; readonly s: string; readonly col: number }
  | { readonly t: "num"; readonly v: bigint; readonly s: string; readonly col: number }
  | { readonly t: "name"; readonly s: string; readonly col: number }
  | { readonly t: "expr"; readonly s: string; readonly col: number }
  | { readonly t: "p"; readonly s: string; readonly col: number };

const isIdStart = (c: string) => /[A-Za-z_.]/.test(c);
const isIdChar = (c: string) => /[A-Za-z0-9_]/.test(c);

/** Parse a C-style integer literal (0x, 0b, leading-0 octal, optional U/L suffixes). */
function parseNumber(s: string): bigint | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)([uU]?[lL]{0,2}|[lL]{1,2}[uU]?)$/.exec(s);
  if (!m) return undefined;
  const body = m[1]!;
  if (/^0[0-7]+$/.test(body)) return BigInt(`0o${body.slice(1)}`);
  return BigInt(body);
}

/**
 * Replace comments by spaces (keeping line and column numbers intact).
 * `$$…$$` spans are left alone so an expression may contain `/` or `%`.
 */
function stripComments(src: string): string {
  const out = src.split("");
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let inExpr = false;
  let atLineStart = true;
  const blank = (from: number, to: number) => {
    for (let j = from; j < to; j++) if (out[j] !== "\n") out[j] = " ";
  };
  while (i < src.length) {
    const c = src.charAt(i);
    if (c === "\n") {
      line++;
      lineStart = i + 1;
      inExpr = false;
      atLineStart = true;
      i++;
      continue;
    }
    if (src.startsWith("$$", i)) {
      inExpr = !inExpr;
      atLineStart = false;
      i += 2;
      continue;
    }
    if (inExpr) {
      i++;
      continue;
    }
    if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new BpfAsmError("unterminated /* comment", line, i - lineStart + 1);
      for (let j = i; j < end + 2; j++) {
        if (src[j] === "\n") {
          line++;
          lineStart = j + 1;
        }
      }
      blank(i, end + 2);
      i = end + 2;
      continue;
    }
    if (c === ";" || src.startsWith("//", i) || (c === "#" && atLineStart)) {
      let end = src.indexOf("\n", i);
      if (end < 0) end = src.length;
      blank(i, end);
      i = end;
      continue;
    }
    if (c !== " " && c !== "\t" && c !== "\r") atLineStart = false;
    i++;
  }
  return out.join("");
}

function lexLine(text: string, line: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const col = i + 1;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
    } else if (text.startsWith("$$", i)) {
      const end = text.indexOf("$$", i + 2);
      if (end < 0) throw new BpfAsmError("unterminated $$expression$$", line, col);
      toks.push({ t: "expr", s: text.slice(i + 2, end), col: col + 2 });
      i = end + 2;
    } else if (c === "$") {
      let j = i + 1;
      while (j < text.length && isIdChar(text.charAt(j))) j++;
      if (j === i + 1) throw new BpfAsmError("expected a constant name after '$'", line, col);
      toks.push({ t: "name", s: text.slice(i + 1, j), col });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && isIdChar(text.charAt(j))) j++;
      const s = text.slice(i, j);
      const v = parseNumber(s);
      if (v === undefined) throw new BpfAsmError(`malformed number '${s}'`, line, col);
      toks.push({ t: "num", v, s, col });
      i = j;
    } else if (isIdStart(c)) {
      let j = i + 1;
      while (j < text.length && isIdChar(text.charAt(j))) j++;
      toks.push({ t: "id", s: text.slice(i, j), col });
      i = j;
    } else if ("#[],+-%*()&:".includes(c)) {
      toks.push({ t: "p", s: c, col });
      i++;
    } else {
      throw new BpfAsmError(`unexpected character '${c}'`, line, col);
    }
  }
  return toks;
}

// ---------------------------------------------------------------- expressions

const SECCOMP_FIELDS: Readonly<Record<string, bigint>> = { nr: 0n, arch: 4n, instruction_pointer: 8n };
const TWO32 = 1n << 32n;

/**
 * Evaluate the inside of a `$$…$$` expression to an exact integer.
 * `col` is the column of its first character, for error positions.
 */
export function evaluateExpression(text: string, opts: AsmOptions = {}, line = 1, col = 1): bigint {
  const toks: { s: string; at: number; v?: bigint }[] = [];
  const re = /\s*([0-9][0-9A-Za-z_]*|\$?[A-Za-z_][A-Za-z0-9_]*|<<|>>|[-+*/%&|^~()[\],])/y;
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text.charAt(pos))) pos++;
    if (pos >= text.length) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new BpfAsmError(`unexpected '${text[pos]}' in expression`, line, col + pos);
    const s = m[1]!;
    const at = pos + m[0].length - s.length;
    if (/^[0-9]/.test(s)) {
      const v = parseNumber(s);
      if (v === undefined) throw new BpfAsmError(`malformed number '${s}'`, line, col + at);
      toks.push({ s, at, v });
    } else {
      toks.push({ s: s.startsWith("$") ? s.slice(1) : s, at });
    }
    pos = re.lastIndex;
  }
  let i = 0;
  const here = () => col + (toks[i]?.at ?? text.length);
  const err = (msg: string): never => {
    throw new BpfAsmError(msg, line, here());
  };
  const peek = () => toks[i]?.s;
  const expect = (s: string) => {
    if (peek() !== s) err(`expected '${s}' in expression${peek() === undefined ? "" : `, found '${peek()}'`}`);
    i++;
  };
  const isName = (s: string | undefined) => s !== undefined && /^[A-Za-z_]/.test(s);

  const binary: readonly (readonly string[])[] = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];
  const parseLevel = (level: number): bigint => {
    if (level === binary.length) return parseUnary();
    let v = parseLevel(level + 1);
    while (binary[level]!.includes(peek() ?? "")) {
      const opAt = here();
      const op = toks[i++]!.s;
      const r = parseLevel(level + 1);
      switch (op) {
        case "|":
          v |= r;
          break;
        case "^":
          v ^= r;
          break;
        case "&":
          v &= r;
          break;
        case "<<":
          if (r < 0n || r > 63n) throw new BpfAsmError(`shift by ${r} (use 0..63)`, line, opAt);
          v <<= r;
          break;
        case ">>":
          if (r < 0n || r > 63n) throw new BpfAsmError(`shift by ${r} (use 0..63)`, line, opAt);
          v >>= r;
          break;
        case "+":
          v += r;
          break;
        case "-":
          v -= r;
          break;
        case "*":
          v *= r;
          break;
        default:
          if (r === 0n) throw new BpfAsmError("division by zero in expression", line, opAt);
          v = op === "/" ? v / r : v % r;
      }
    }
    return v;
  };
  const parseUnary = (): bigint => {
    const s = peek();
    if (s === "-" || s === "+" || s === "~") {
      i++;
      const v = parseUnary();
      return s === "-" ? -v : s === "~" ? ~v : v;
    }
    return parsePrimary();
  };
  const parseStructName = () => {
    expect("struct");
    if (peek() !== "seccomp_data") err("only struct seccomp_data is known");
    i++;
  };
  const parsePrimary = (): bigint => {
    const tok = toks[i];
    if (tok === undefined) return err("expression ends too early");
    if (tok.v !== undefined) {
      i++;
      return tok.v;
    }
    if (tok.s === "(") {
      i++;
      const v = parseLevel(0);
      expect(")");
      return v;
    }
    if (!isName(tok.s)) return err(`unexpected '${tok.s}' in expression`);
    i++;
    switch (tok.s) {
      case "offsetof": {
        expect("(");
        parseStructName();
        expect(",");
        const field = peek();
        let off: bigint | undefined;
        if (field === "args") {
          i++;
          expect("[");
          const at = here();
          const n = parseLevel(0);
          if (n < 0n || n > 5n) throw new BpfAsmError(`args[${n}]: seccomp_data has args[0..5]`, line, at);
          expect("]");
          off = 16n + 8n * n;
        } else if (field !== undefined && Object.hasOwn(SECCOMP_FIELDS, field)) {
          i++;
          off = SECCOMP_FIELDS[field];
        } else {
          err(`struct seccomp_data has no field '${field ?? ""}' (nr, arch, instruction_pointer, args[i])`);
        }
        expect(")");
        return off!;
      }
      case "sizeof":
        expect("(");
        parseStructName();
        expect(")");
        return 64n;
      case "hi32":
      case "lo32": {
        expect("(");
        const v = BigInt.asUintN(64, parseLevel(0));
        expect(")");
        return tok.s === "hi32" ? v >> 32n : v & 0xffffffffn;
      }
      default: {
        const v = resolveName(tok.s, opts);
        if (v === undefined) throw new BpfAsmError(`unknown constant '${tok.s}'`, line, col + tok.at);
        return v;
      }
    }
  };
  if (toks.length === 0) err("empty expression");
  const v = parseLevel(0);
  if (i < toks.length) err(`unexpected '${peek()}' in expression`);
  return v;
}

/** A 32-bit field value; negative values down to -2^32 wrap as two's complement. */
function toU32(v: bigint, what: string, line: number, col: number): number {
  if (v < -TWO32 || v >= TWO32) {
    throw new BpfAsmError(`${what} ${v} does not fit in 32 bits (use lo32()/hi32() for 64-bit values)`, line, col);
  }
  return Number(BigInt.asUintN(32, v));
}

// ---------------------------------------------------------------- parsing

interface Pending {
  code: number;
  jt: number;
  jf: number;
  k: number;
  /** Labels still to resolve: conditional jump targets, or the ja target. */
  jtLabel?: { name: string; col: number };
  jfLabel?: { name: string; col: number };
  jaLabel?: { name: string; col: number };
  line: number;
}

const ALU_OPS: Readonly<Record<string, number>> = {
  add: BPF_ADD,
  sub: BPF_SUB,
  mul: BPF_MUL,
  div: BPF_DIV,
  mod: BPF_MOD,
  and: BPF_AND,
  or: BPF_OR,
  xor: BPF_XOR,
  lsh: BPF_LSH,
  rsh: BPF_RSH,
};
/** Two-target-capable jumps: a single target means "jump if true, else fall through". */
const JUMPS: Readonly<Record<string, number>> = { jeq: BPF_JEQ, jgt: BPF_JGT, jge: BPF_JGE, jset: BPF_JSET };
/** One-target negated jumps: encoded as the opposite test with the target in jf. */
const NEG_JUMPS: Readonly<Record<string, number>> = { jneq: BPF_JEQ, jne: BPF_JEQ, jlt: BPF_JGE, jle: BPF_JGT };

class LineParser {
  i = 0;
  constructor(
    readonly toks: readonly Tok[],
    readonly line: number,
    readonly endCol: number,
    readonly opts: AsmOptions,
  ) {}
  peek(): Tok | undefined {
    return this.toks[this.i];
  }
  col(): number {
    return this.peek()?.col ?? this.endCol;
  }
  err(msg: string, col = this.col()): never {
    throw new BpfAsmError(msg, this.line, col);
  }
  isP(s: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === "p" && t.s === s;
  }
  isId(s: string): boolean {
    const t = this.peek();
    return t !== undefined && t.t === "id" && t.s.toLowerCase() === s;
  }
  describe(): string {
    const t = this.peek();
    return t === undefined ? "end of line" : t.t === "expr" ? "$$…$$" : t.t === "name" ? `$${t.s}` : `'${t.s}'`;
  }
  expectP(s: string): void {
    if (!this.isP(s)) this.err(`expected '${s}', found ${this.describe()}`);
    this.i++;
  }
  /** A number, `$NAME` or `$$expr$$`, with an optional leading sign. */
  value(what = "value"): number {
    const col = this.col();
    let sign = 1n;
    if (this.isP("-") || this.isP("+")) {
      sign = this.peek()!.s === "-" ? -1n : 1n;
      this.i++;
    }
    const t = this.peek();
    let v: bigint;
    if (t?.t === "num") v = t.v;
    else if (t?.t === "name") {
      const r = resolveName(t.s, this.opts);
      if (r === undefined) this.err(`unknown constant '$${t.s}'`, t.col);
      v = r;
    } else if (t?.t === "expr") v = evaluateExpression(t.s, this.opts, this.line, t.col);
    else return this.err(`expected a ${what} (number, $NAME or $$expr$$), found ${this.describe()}`);
    this.i++;
    return toU32(sign * v, what, this.line, col);
  }
  /** `#value` */
  imm(): number {
    this.expectP("#");
    return this.value("immediate");
  }
  /** `x` or `%x` (or `a`/`%a`). */
  reg(name: "x" | "a"): boolean {
    if (this.isId(name)) {
      this.i++;
      return true;
    }
    if (this.isP("%")) {
      const next = this.toks[this.i + 1];
      if (next?.t === "id" && next.s.toLowerCase() === name) {
        this.i += 2;
        return true;
      }
      this.err(`expected %${name}`);
    }
    return false;
  }
  label(): { name: string; col: number } {
    const t = this.peek();
    if (t?.t !== "id") return this.err(`expected a label, found ${this.describe()}`);
    this.i++;
    return { name: t.s, col: t.col };
  }
  /** `M[k]` */
  mem(): number {
    if (!(this.isId("m") && this.toks[this.i + 1]?.s === "[")) this.err(`expected M[index], found ${this.describe()}`);
    this.i += 2;
    const k = this.value("scratch index");
    this.expectP("]");
    return k;
  }
  /** `[k]` or `[x + k]`: returns the mode and k. */
  packet(): { mode: number; k: number } {
    this.expectP("[");
    if (this.reg("x")) {
      this.expectP("+");
      const k = this.value("offset");
      this.expectP("]");
      return { mode: BPF_IND, k };
    }
    const k = this.value("offset");
    this.expectP("]");
    return { mode: BPF_ABS, k };
  }
  /** `4*([k]&0xf)`, the IP header length idiom (ldx msh). */
  msh(): number {
    const four = this.peek();
    if (!(four?.t === "num" && four.v === 4n)) this.err("expected 4*([k]&0xf)");
    this.i++;
    this.expectP("*");
    this.expectP("(");
    this.expectP("[");
    const k = this.value("offset");
    this.expectP("]");
    this.expectP("&");
    const mask = this.peek();
    if (!(mask?.t === "num" && mask.v === 0xfn)) this.err("expected 0xf in 4*([k]&0xf)");
    this.i++;
    this.expectP(")");
    return k;
  }
  /** `ld #len` / `ld len`; false if not a len operand. */
  len(): boolean {
    if (this.isP("#") && this.toks[this.i + 1]?.t === "id" && this.toks[this.i + 1]!.s.toLowerCase() === "len") {
      this.i += 2;
      return true;
    }
    if (this.isId("len")) {
      this.i++;
      return true;
    }
    return false;
  }
  done(): void {
    if (this.i < this.toks.length) this.err(`unexpected ${this.describe()} after the instruction`);
  }
}

function parseInstruction(p: LineParser, mnemonic: string, mcol: number): Pending {
  const line = p.line;
  const ins = (code: number, k = 0): Pending => ({ code, jt: 0, jf: 0, k, line });
  const m = mnemonic.toLowerCase();
  if (Object.hasOwn(ALU_OPS, m)) {
    const op = ALU_OPS[m]!;
    if (p.reg("x")) return ins(BPF_ALU | op | BPF_X);
    return ins(BPF_ALU | op | BPF_K, p.imm());
  }
  if (Object.hasOwn(JUMPS, m) || Object.hasOwn(NEG_JUMPS, m)) {
    const negated = Object.hasOwn(NEG_JUMPS, m);
    const op = negated ? NEG_JUMPS[m]! : JUMPS[m]!;
    const isX = p.reg("x");
    const out = isX ? ins(BPF_JMP | op | BPF_X) : ins(BPF_JMP | op | BPF_K, p.imm());
    p.expectP(",");
    const first = p.label();
    if (negated) {
      if (p.isP(","))
        p.err(
          `${m} takes one target (jump if the test holds); use ${m === "jlt" ? "jge" : m === "jle" ? "jgt" : "jeq"} with two`,
        );
      out.jfLabel = first;
    } else {
      out.jtLabel = first;
      if (p.isP(",")) {
        p.i++;
        out.jfLabel = p.label();
      }
    }
    return out;
  }
  switch (m) {
    case "ld":
      if (p.len()) return ins(BPF_LD | BPF_W | BPF_LEN);
      if (p.isP("#")) return ins(BPF_LD | BPF_IMM, p.imm());
      if (p.isP("[")) {
        const { mode, k } = p.packet();
        return ins(BPF_LD | BPF_W | mode, k);
      }
      if (p.isId("m")) return ins(BPF_LD | BPF_MEM, p.mem());
      if (p.peek()?.t === "id") p.err(`extension '${p.peek()!.s}' is not supported (only len; seccomp has no packet)`);
      return p.err(`ld: expected #k, #len, [k], [x + k] or M[k], found ${p.describe()}`);
    case "ldi":
      return ins(BPF_LD | BPF_IMM, p.imm());
    case "ldh":
    case "ldb": {
      const { mode, k } = p.packet();
      return ins(BPF_LD | (m === "ldh" ? BPF_H : BPF_B) | mode, k);
    }
    case "ldx":
      if (p.len()) return ins(BPF_LDX | BPF_W | BPF_LEN);
      if (p.isP("#")) return ins(BPF_LDX | BPF_IMM, p.imm());
      if (p.isId("m")) return ins(BPF_LDX | BPF_MEM, p.mem());
      if (p.peek()?.t === "num") return ins(BPF_LDX | BPF_B | BPF_MSH, p.msh());
      return p.err(`ldx: expected #k, #len, M[k] or 4*([k]&0xf), found ${p.describe()}`);
    case "ldxi":
      return ins(BPF_LDX | BPF_IMM, p.imm());
    case "ldxb":
      return ins(BPF_LDX | BPF_B | BPF_MSH, p.msh());
    case "st":
      return ins(BPF_ST, p.mem());
    case "stx":
      return ins(BPF_STX, p.mem());
    case "jmp":
    case "ja": {
      const out = ins(BPF_JMP | BPF_JA);
      out.jaLabel = p.label();
      return out;
    }
    case "neg":
      return ins(BPF_ALU | BPF_NEG);
    case "tax":
      return ins(BPF_MISC | BPF_TAX);
    case "txa":
      return ins(BPF_MISC | BPF_TXA);
    case "ret":
      if (p.reg("a")) return ins(BPF_RET | BPF_A);
      if (p.reg("x")) return ins(BPF_RET | BPF_X);
      return ins(BPF_RET | BPF_K, p.imm());
    case ".insn": {
      const code = p.value("code");
      p.expectP(",");
      const jt = p.value("jt");
      p.expectP(",");
      const jf = p.value("jf");
      p.expectP(",");
      const k = p.value("k");
      if (code > 0xffff || jt > 0xff || jf > 0xff) p.err(".insn: code is 16 bits, jt and jf 8 bits", mcol);
      return { code, jt, jf, k, line };
    }
    default:
      return p.err(`unknown mnemonic '${mnemonic}'`, mcol);
  }
}

/** Assemble bpf_asm/bpfc source text into instructions. Throws BpfAsmError. */
export function assemble(source: string, opts: AsmOptions = {}): Insn[] {
  const lines = stripComments(source).split("\n");
  const pending: Pending[] = [];
  const labels = new Map<string, number>();
  lines.forEach((text, li) => {
    const line = li + 1;
    const toks = lexLine(text, line);
    let i = 0;
    while (toks[i]?.t === "id" && toks[i + 1]?.t === "p" && toks[i + 1]!.s === ":") {
      const name = toks[i]!.s;
      if (labels.has(name)) throw new BpfAsmError(`label '${name}' is defined twice`, line, toks[i]!.col);
      labels.set(name, pending.length);
      i += 2;
    }
    if (i >= toks.length) return;
    const mn = toks[i]!;
    if (mn.t !== "id") throw new BpfAsmError(`expected a mnemonic, found '${mn.s}'`, line, mn.col);
    const p = new LineParser(toks, line, text.length + 1, opts);
    p.i = i + 1;
    const ins = parseInstruction(p, mn.s, mn.col);
    p.done();
    pending.push(ins);
  });

  return pending.map((ins, pc) => {
    const target = (ref: { name: string; col: number }, conditional: boolean): number => {
      const at = labels.get(ref.name);
      if (at === undefined) throw new BpfAsmError(`undefined label '${ref.name}'`, ins.line, ref.col);
      if (at >= pending.length) {
        throw new BpfAsmError(
          `label '${ref.name}' is at the end of the program; nothing to jump to`,
          ins.line,
          ref.col,
        );
      }
      const off = at - pc - 1;
      if (off < 0) throw new BpfAsmError(`backward jump to '${ref.name}' (BPF jumps only forward)`, ins.line, ref.col);
      if (conditional && off > 255) {
        throw new BpfAsmError(
          `jump to '${ref.name}' is ${off} instructions away; a conditional jump reaches at most 255`,
          ins.line,
          ref.col,
        );
      }
      return off;
    };
    let { jt, jf, k } = ins;
    if (ins.jtLabel) jt = target(ins.jtLabel, true);
    if (ins.jfLabel) jf = target(ins.jfLabel, true);
    if (ins.jaLabel) k = target(ins.jaLabel, false);
    return { code: ins.code, jt, jf, k };
  });
}
