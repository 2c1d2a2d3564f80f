// A small, defensive ELF reader: the header, the program headers, PT_INTERP
// and the dynamic section strings the dynamic loader uses to find libraries.
// Any malformed input ends in an ElfError; reads are bounded by the file size
// and loops by counts derived from it, so hostile input cannot hang us.
import { type ByteSource, fileSource, toSource } from "./bytes.js";

/** The input is not a well-formed ELF file (or not one we can read). */
export class ElfError extends Error {
  override readonly name = "ElfError";
}

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

export const ET_EXEC = 2;
export const ET_DYN = 3;

export const EM_386 = 3;
export const EM_MIPS = 8;
export const EM_PPC = 20;
export const EM_PPC64 = 21;
export const EM_S390 = 22;
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const EM_RISCV = 243;
export const EM_LOONGARCH = 258;

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;

export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_STRTAB = 5;
export const DT_STRSZ = 10;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_RUNPATH = 29;
export const DT_FLAGS_1 = 0x6ffffffb;
/** DT_FLAGS_1 bit: ignore the default library search path (cache and system dirs). */
export const DF_1_NODEFLIB = 0x800n;

const PN_XNUM = 0xffff;
/** Longest string we accept from the dynamic string table (PATH_MAX). */
const MAX_STRING = 4096;

export interface ElfHeader {
  readonly elfClass: 32 | 64;
  readonly endian: "little" | "big";
  readonly osabi: number;
  /** e_type: ET_EXEC, ET_DYN, … */
  readonly type: number;
  /** e_machine: EM_X86_64, EM_AARCH64, … */
  readonly machine: number;
  /** e_flags (ABI details, e.g. ARM hard-float, RISC-V float ABI). */
  readonly flags: number;
}

export interface ElfDynamic {
  /** DT_NEEDED names, in order. */
  readonly needed: readonly string[];
  readonly soname: string | null;
  /** DT_RPATH as written (colon-separated, may contain $ORIGIN…). glibc ignores it when DT_RUNPATH exists. */
  readonly rpath: string | null;
  /** DT_RUNPATH as written. */
  readonly runpath: string | null;
  /** DT_FLAGS_1 value (0n when absent). */
  readonly flags1: bigint;
  /** DF_1_NODEFLIB is set. */
  readonly nodeflib: boolean;
}

export interface ElfInfo extends ElfHeader {
  /** PT_INTERP: the program interpreter (dynamic loader) path, or null (static, or a library). */
  readonly interpreter: string | null;
  /** The dynamic section, or null when there is none (static executable). */
  readonly dynamic: ElfDynamic | null;
}

interface Phdr {
  readonly type: number;
  readonly offset: bigint;
  readonly vaddr: bigint;
  readonly filesz: bigint;
}

class Reader {
  constructor(
    readonly src: ByteSource,
    readonly little: boolean,
  ) {}

  /** A DataView over [offset, offset+length), after checking it lies in the file. */
  view(offset: bigint | number, length: number, what: string): DataView {
    const off = typeof offset === "bigint" ? offset : BigInt(offset);
    if (off < 0n || off + BigInt(length) > BigInt(this.src.size)) {
      throw new ElfError(`${what} (offset ${off}, ${length} bytes) lies outside the file (${this.src.size} bytes)`);
    }
    const bytes = this.src.read(Number(off), length);
    if (bytes.length !== length) throw new ElfError(`short read of ${what}`);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A NUL-terminated string starting at offset, not reaching limit (exclusive). */
  string(offset: bigint, limit: bigint, what: string): string {
    const end = limit < BigInt(this.src.size) ? limit : BigInt(this.src.size);
    if (offset < 0n || offset >= end) throw new ElfError(`${what} at offset ${offset} lies outside its table`);
    const avail = Number(end - offset);
    const max = Math.min(avail, MAX_STRING + 1);
    const chunks: Uint8Array[] = [];
    let got = 0;
    while (got < max) {
      const n = Math.min(256, max - got);
      const v = this.view(offset + BigInt(got), n, what);
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      const nul = bytes.indexOf(0);
      if (nul >= 0) {
        chunks.push(bytes.subarray(0, nul));
        return decode(chunks);
      }
      chunks.push(bytes);
      got += n;
    }
    throw new ElfError(
      got > MAX_STRING ? `${what} is longer than ${MAX_STRING} bytes` : `${what} is not NUL-terminated`,
    );
  }
}

function decode(chunks: Uint8Array[]): string {
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder("utf-8").decode(all);
}

function u(view: DataView, at: number, wide: boolean, little: boolean): bigint {
  return wide ? view.getBigUint64(at, little) : BigInt(view.getUint32(at, little));
}

/** The bytes start with the ELF magic, \x7fELF (a script, such as a pyenv shim, does not). */
export function hasElfMagic(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** The file at `path` starts with the ELF magic; false when it cannot be opened or read. */
export function isElfFile(path: string): boolean {
  let src: ByteSource | undefined;
  try {
    src = fileSource(path);
    return src.size >= 4 && hasElfMagic(src.read(0, 4));
  } catch {
    return false;
  } finally {
    src?.close?.();
  }
}

function parseIdent(src: ByteSource): { wide: boolean; little: boolean; osabi: number } {
  if (src.size < 16) throw new ElfError(`not an ELF file: ${src.size} bytes is too short for an ELF header`);
  const id = src.read(0, 16);
  if (!hasElfMagic(id)) {
    throw new ElfError("not an ELF file (bad magic)");
  }
  const cls = id[4];
  const data = id[5];
  if (cls !== ELFCLASS32 && cls !== ELFCLASS64) throw new ElfError(`unknown ELF class ${cls}`);
  if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new ElfError(`unknown ELF byte order ${data}`);
  if (id[6] !== 1) throw new ElfError(`unknown ELF version ${id[6]}`);
  return { wide: cls === ELFCLASS64, little: data === ELFDATA2LSB, osabi: id[7] ?? 0 };
}

function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ElfError) throw e;
    // DataView and BigInt conversions only throw on out-of-range input we
    // failed to pre-check: still a malformed file, never a crash.
    if (e instanceof RangeError || e instanceof TypeError) throw new ElfError(`malformed ELF: ${e.message}`);
    throw e;
  }
}

/** Reads only the ELF header: class, byte order, type and machine. */
export function readElfHeader(input: Uint8Array | ByteSource): ElfHeader {
  return guard(() => header(toSource(input)).header);
}

function header(src: ByteSource) {
  const { wide, little, osabi } = parseIdent(src);
  const r = new Reader(src, little);
  const ehsize = wide ? 64 : 52;
  const h = r.view(0, ehsize, "ELF header");
  const type = h.getUint16(16, little);
  const machine = h.getUint16(18, little);
  const phoff = u(h, wide ? 32 : 28, wide, little);
  const shoff = u(h, wide ? 40 : 32, wide, little);
  const flags = h.getUint32(wide ? 48 : 36, little);
  const phentsize = h.getUint16(wide ? 54 : 42, little);
  let phnum = h.getUint16(wide ? 56 : 44, little);
  const shentsize = h.getUint16(wide ? 58 : 46, little);
  if (phnum === PN_XNUM) {
    // More than 0xfffe program headers: the real count is in section 0's sh_info.
    if (shoff === 0n) throw new ElfError("e_phnum is PN_XNUM but there is no section header");
    if (shentsize < (wide ? 64 : 40)) throw new ElfError(`e_shentsize ${shentsize} is too small`);
    const sh0 = r.view(shoff, wide ? 64 : 40, "section header 0");
    phnum = sh0.getUint32(wide ? 44 : 28, little);
  }
  const result: ElfHeader = {
    elfClass: wide ? 64 : 32,
    endian: little ? "little" : "big",
    osabi,
    type,
    machine,
    flags,
  };
  return { header: result, r, wide, little, phoff, phentsize, phnum };
}

/** Parses the parts of an ELF file the dynamic loader needs to find libraries. */
export function parseElf(input: Uint8Array | ByteSource): ElfInfo {
  return guard(() => parseElfInner(toSource(input)));
}

function parseElfInner(src: ByteSource): ElfInfo {
  const { header: hdr, r, wide, little, phoff, phentsize, phnum } = header(src);
  const phdrs: Phdr[] = [];
  if (phnum > 0) {
    const minEnt = wide ? 56 : 32;
    if (phentsize < minEnt) throw new ElfError(`e_phentsize ${phentsize} is smaller than a program header (${minEnt})`);
    const total = BigInt(phentsize) * BigInt(phnum);
    if (phoff + total > BigInt(src.size)) {
      throw new ElfError(`${phnum} program headers at offset ${phoff} extend past the end of the file`);
    }
    const table = r.view(phoff, Number(total), "program header table");
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      const type = table.getUint32(at, little);
      phdrs.push(
        wide
          ? {
              type,
              offset: table.getBigUint64(at + 8, little),
              vaddr: table.getBigUint64(at + 16, little),
              filesz: table.getBigUint64(at + 32, little),
            }
          : {
              type,
              offset: BigInt(table.getUint32(at + 4, little)),
              vaddr: BigInt(table.getUint32(at + 8, little)),
              filesz: BigInt(table.getUint32(at + 16, little)),
            },
      );
    }
  }

  let interpreter: string | null = null;
  const interp = phdrs.find((p) => p.type === PT_INTERP);
  if (interp) {
    if (interp.filesz === 0n) throw new ElfError("PT_INTERP is empty");
    if (interp.offset + interp.filesz > BigInt(src.size))
      throw new ElfError("PT_INTERP extends past the end of the file");
    interpreter = r.string(interp.offset, interp.offset + interp.filesz, "PT_INTERP");
    if (interpreter === "") throw new ElfError("PT_INTERP is an empty string");
  }

  const dynPh = phdrs.find((p) => p.type === PT_DYNAMIC);
  const dynamic = dynPh ? parseDynamic(r, wide, little, dynPh, phdrs) : null;
  return { ...hdr, interpreter, dynamic };
}

function parseDynamic(r: Reader, wide: boolean, little: boolean, dyn: Phdr, phdrs: readonly Phdr[]): ElfDynamic {
  const entsize = wide ? 16 : 8;
  if (dyn.offset + dyn.filesz > BigInt(r.src.size)) throw new ElfError("PT_DYNAMIC extends past the end of the file");
  const count = Number(dyn.filesz / BigInt(entsize));
  const table = r.view(dyn.offset, count * entsize, "dynamic section");
  const needed: bigint[] = [];
  let strtab: bigint | null = null;
  let strsz: bigint | null = null;
  let soname: bigint | null = null;
  let rpath: bigint | null = null;
  let runpath: bigint | null = null;
  let flags1 = 0n;
  for (let i = 0; i < count; i++) {
    const at = i * entsize;
    const tag = wide ? table.getBigInt64(at, little) : BigInt(table.getInt32(at, little));
    const val = wide ? table.getBigUint64(at + 8, little) : BigInt(table.getUint32(at + 4, little));
    if (tag === BigInt(DT_NULL)) break;
    // Like glibc's get_dynamic_info, a later entry of the same tag wins.
    switch (Number(tag)) {
      case DT_NEEDED:
        needed.push(val);
        break;
      case DT_STRTAB:
        strtab = val;
        break;
      case DT_STRSZ:
        strsz = val;
        break;
      case DT_SONAME:
        soname = val;
        break;
      case DT_RPATH:
        rpath = val;
        break;
      case DT_RUNPATH:
        runpath = val;
        break;
      case DT_FLAGS_1:
        flags1 = val;
        break;
    }
  }
  const anyString = needed.length > 0 || soname !== null || rpath !== null || runpath !== null;
  let readStr = (_off: bigint, what: string): string => {
    throw new ElfError(`${what} present but DT_STRTAB is missing`);
  };
  if (strtab !== null && anyString) {
    // DT_STRTAB holds a virtual address: find the PT_LOAD segment mapping it.
    const vaddr = strtab;
    const seg = phdrs.find((p) => p.type === PT_LOAD && p.vaddr <= vaddr && vaddr < p.vaddr + p.filesz);
    if (!seg) throw new ElfError(`DT_STRTAB address 0x${vaddr.toString(16)} is not inside any PT_LOAD segment`);
    const base = seg.offset + (vaddr - seg.vaddr);
    let limit = seg.offset + seg.filesz;
    if (strsz !== null && base + strsz < limit) limit = base + strsz;
    readStr = (off, what) => {
      if (off >= limit - base) throw new ElfError(`${what} string offset ${off} is outside the string table`);
      return r.string(base + off, limit, what);
    };
  }
  return {
    needed: needed.map((v, i) => readStr(v, `DT_NEEDED[${i}]`)),
    soname: soname === null ? null : readStr(soname, "DT_SONAME"),
    rpath: rpath === null ? null : readStr(rpath, "DT_RPATH"),
    runpath: runpath === null ? null : readStr(runpath, "DT_RUNPATH"),
    flags1,
    nodeflib: (flags1 & DF_1_NODEFLIB) !== 0n,
  };
}
