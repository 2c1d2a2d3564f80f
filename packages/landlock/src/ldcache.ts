// Reader for /etc/ld.so.cache as written by glibc's ldconfig
// (sysdeps/generic/dl-cache.h): the "glibc-ld.so.cache1.1" format, the old
// "ld.so-1.7.0" format, and the old+new combined layout ldconfig wrote before
// glibc 2.32. Malformed input ends in an LdCacheError, never another throw.
import {
  type ElfHeader,
  EM_386,
  EM_AARCH64,
  EM_ARM,
  EM_LOONGARCH,
  EM_PPC64,
  EM_RISCV,
  EM_S390,
  EM_X86_64,
} from "./elf.js";

export class LdCacheError extends Error {
  override readonly name = "LdCacheError";
}

// Entry flags (elf/ldconfig.h): the low byte is the library type, the high byte the ABI.
export const FLAG_TYPE_MASK = 0x00ff;
export const FLAG_ELF = 0x0001;
export const FLAG_ELF_LIBC6 = 0x0003;
export const FLAG_REQUIRED_MASK = 0xff00;
export const FLAG_SPARC_LIB64 = 0x0100;
export const FLAG_IA64_LIB64 = 0x0200;
export const FLAG_X8664_LIB64 = 0x0300;
export const FLAG_S390_LIB64 = 0x0400;
export const FLAG_POWERPC_LIB64 = 0x0500;
export const FLAG_MIPS64_LIBN32 = 0x0600;
export const FLAG_MIPS64_LIBN64 = 0x0700;
export const FLAG_X8664_LIBX32 = 0x0800;
export const FLAG_ARM_LIBHF = 0x0900;
export const FLAG_AARCH64_LIB64 = 0x0a00;
export const FLAG_ARM_LIBSF = 0x0b00;
export const FLAG_RISCV_FLOAT_ABI_SOFT = 0x0f00;
export const FLAG_RISCV_FLOAT_ABI_DOUBLE = 0x1000;
export const FLAG_LARCH_FLOAT_ABI_DOUBLE = 0x1200;

const MAGIC_OLD = "ld.so-1.7.0";
const MAGIC_NEW = "glibc-ld.so.cache1.1";
const OLD_HEADER = 16; // char magic[11]; (pad) unsigned nlibs
const OLD_ENTRY = 12; // int32 flags; u32 key, value
const NEW_HEADER = 48;
const NEW_ENTRY = 24; // int32 flags; u32 key, value, osversion; u64 hwcap
const EXTENSION_MAGIC = 0xeaa42174; // (uint32_t) -358342284
const EXT_TAG_GENERATOR = 0;
const EXT_TAG_GLIBC_HWCAPS = 1;
/** DL_CACHE_HWCAP_EXTENSION: hwcap's low 32 bits index the glibc-hwcaps subdirectory list. */
const HWCAP_EXTENSION = 1n << 62n;
/** x86 ISA-level bits stored next to the extension bit (DL_CACHE_HWCAP_ISA_LEVEL_MASK << 32). */
const HWCAP_ISA_LEVEL_MASK = 0x3ffn << 32n;
const MAX_STRING = 4096;

export interface LdCacheEntry {
  readonly flags: number;
  /** The soname, e.g. "libc.so.6". */
  readonly key: string;
  /** The path, e.g. "/lib/x86_64-linux-gnu/libc.so.6". */
  readonly value: string;
  readonly osVersion: number;
  readonly hwcap: bigint;
  /** For glibc-hwcaps entries: the subdirectory name ("x86-64-v3"); null for plain entries. */
  readonly hwcapsSubdir: string | null;
  /** A pre-2.33 "legacy hwcap" entry (hwcap bits without the extension bit); ld.so 2.37+ ignores these. */
  readonly legacyHwcap: boolean;
}

export interface LdCache {
  readonly format: "new" | "old+new" | "old";
  readonly endian: "little" | "big";
  readonly entries: readonly LdCacheEntry[];
  /** glibc-hwcaps subdirectory names from the extension section (empty if absent). */
  readonly hwcapsSubdirs: readonly string[];
  /** The generator extension ("ldconfig (GNU libc) 2.36"), if present. */
  readonly generator: string | null;
}

function ascii(bytes: Uint8Array, at: number, len: number): string {
  let s = "";
  for (let i = at; i < at + len && i < bytes.length; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

function cstring(bytes: Uint8Array, at: number, what: string): string {
  if (!Number.isSafeInteger(at) || at < 0 || at >= bytes.length) {
    throw new LdCacheError(`${what}: string offset ${at} is outside the file (${bytes.length} bytes)`);
  }
  const end = bytes.indexOf(0, at);
  if (end < 0) throw new LdCacheError(`${what}: string at ${at} is not NUL-terminated`);
  if (end - at > MAX_STRING) throw new LdCacheError(`${what}: string at ${at} is longer than ${MAX_STRING} bytes`);
  return new TextDecoder("utf-8").decode(bytes.subarray(at, end));
}

/** Parses the bytes of an ld.so.cache file. */
export function parseLdCache(bytes: Uint8Array): LdCache {
  try {
    return parseInner(bytes);
  } catch (e) {
    if (e instanceof LdCacheError) throw e;
    if (e instanceof RangeError || e instanceof TypeError)
      throw new LdCacheError(`malformed ld.so.cache: ${e.message}`);
    throw e;
  }
}

function parseInner(bytes: Uint8Array): LdCache {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= MAGIC_NEW.length && ascii(bytes, 0, MAGIC_NEW.length) === MAGIC_NEW) {
    return parseNew(bytes, view, 0, "new");
  }
  if (bytes.length >= MAGIC_OLD.length && ascii(bytes, 0, MAGIC_OLD.length) === MAGIC_OLD) {
    if (bytes.length < OLD_HEADER) throw new LdCacheError("old-format ld.so.cache header is truncated");
    const nlibs = view.getUint32(12, true);
    const end = OLD_HEADER + nlibs * OLD_ENTRY;
    if (end > bytes.length) throw new LdCacheError(`old-format ld.so.cache: ${nlibs} entries do not fit in the file`);
    // glibc 2.2 … 2.31 appended a new-format cache, 8-byte aligned, after the old entries.
    const newAt = (end + 7) & ~7;
    if (newAt + NEW_HEADER <= bytes.length && ascii(bytes, newAt, MAGIC_NEW.length) === MAGIC_NEW) {
      return parseNew(bytes, view, newAt, "old+new");
    }
    // Old format only: string offsets are relative to the end of the entries.
    const entries: LdCacheEntry[] = [];
    for (let i = 0; i < nlibs; i++) {
      const at = OLD_HEADER + i * OLD_ENTRY;
      const flags = view.getInt32(at, true);
      entries.push({
        flags,
        key: cstring(bytes, end + view.getUint32(at + 4, true), `entry ${i} key`),
        value: cstring(bytes, end + view.getUint32(at + 8, true), `entry ${i} value`),
        osVersion: 0,
        hwcap: 0n,
        hwcapsSubdir: null,
        legacyHwcap: false,
      });
    }
    return { format: "old", endian: "little", entries, hwcapsSubdirs: [], generator: null };
  }
  throw new LdCacheError(`not an ld.so.cache file (magic is neither "${MAGIC_NEW}" nor "${MAGIC_OLD}")`);
}

function parseNew(bytes: Uint8Array, view: DataView, base: number, format: "new" | "old+new"): LdCache {
  if (base + NEW_HEADER > bytes.length) throw new LdCacheError("ld.so.cache header is truncated");
  const endianFlags = (bytes[base + 28] ?? 0) & 3;
  if (endianFlags === 1) throw new LdCacheError("ld.so.cache is marked invalid (endian flags = 1)");
  // 0 = written by an ldconfig without endianness support: assume little-endian (x86_64/aarch64).
  const little = endianFlags !== 3;
  const nlibs = view.getUint32(base + 20, little);
  const extensionOffset = view.getUint32(base + 32, little);
  const entriesEnd = base + NEW_HEADER + nlibs * NEW_ENTRY;
  if (entriesEnd > bytes.length) {
    throw new LdCacheError(`ld.so.cache claims ${nlibs} entries, which do not fit in ${bytes.length} bytes`);
  }
  // String offsets in the new format are relative to the start of its header
  // (the start of the file, unless it follows an old-format cache).
  const str = (off: number, what: string) => cstring(bytes, base + off, what);

  let hwcapsSubdirs: string[] = [];
  let generator: string | null = null;
  if (extensionOffset !== 0) {
    // The extension directory's offsets are from the start of the file.
    if (extensionOffset % 4 !== 0) throw new LdCacheError(`extension offset ${extensionOffset} is misaligned`);
    if (extensionOffset + 8 > bytes.length) throw new LdCacheError("extension directory lies outside the file");
    if (view.getUint32(extensionOffset, little) !== EXTENSION_MAGIC) {
      throw new LdCacheError("extension directory has a bad magic number");
    }
    const count = view.getUint32(extensionOffset + 4, little);
    if (extensionOffset + 8 + count * 16 > bytes.length) {
      throw new LdCacheError(`extension directory claims ${count} sections, which do not fit in the file`);
    }
    for (let i = 0; i < count; i++) {
      const at = extensionOffset + 8 + i * 16;
      const tag = view.getUint32(at, little);
      const offset = view.getUint32(at + 8, little);
      const size = view.getUint32(at + 12, little);
      if (offset + size > bytes.length) throw new LdCacheError(`extension section ${i} lies outside the file`);
      if (tag === EXT_TAG_GENERATOR) {
        generator = new TextDecoder("utf-8").decode(bytes.subarray(offset, offset + size)).replace(/\0+$/, "");
      } else if (tag === EXT_TAG_GLIBC_HWCAPS) {
        // glibc ignores a hwcaps section that is empty or misaligned.
        if (size === 0 || offset % 4 !== 0 || size % 4 !== 0) continue;
        hwcapsSubdirs = [];
        for (let j = 0; j < size / 4; j++) {
          hwcapsSubdirs.push(str(view.getUint32(offset + j * 4, little), `glibc-hwcaps name ${j}`));
        }
      }
    }
  }

  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = base + NEW_HEADER + i * NEW_ENTRY;
    const hwcap = view.getBigUint64(at + 16, little);
    const isExtension = (hwcap & ~HWCAP_ISA_LEVEL_MASK & ~0xffffffffn) === HWCAP_EXTENSION;
    const index = Number(hwcap & 0xffffffffn);
    entries.push({
      flags: view.getInt32(at, little),
      key: str(view.getUint32(at + 4, little), `entry ${i} key`),
      value: str(view.getUint32(at + 8, little), `entry ${i} value`),
      osVersion: view.getUint32(at + 12, little),
      hwcap,
      // An extension entry whose index is out of range gets "" and is never chosen (glibc skips it too).
      hwcapsSubdir: isExtension ? (hwcapsSubdirs[index] ?? "") : null,
      legacyHwcap: !isExtension && hwcap !== 0n,
    });
  }
  return { format, endian: little ? "little" : "big", entries, hwcapsSubdirs, generator };
}

/**
 * Which cache entry flags the dynamic loader for this kind of ELF object
 * accepts (glibc's _dl_cache_check_flags per architecture), or null for an
 * architecture we do not know (then skip the cache, as a wrong guess could
 * pick a library of another ABI).
 */
export function cacheFlagsMatcher(
  elf: Pick<ElfHeader, "elfClass" | "machine" | "flags">,
): ((flags: number) => boolean) | null {
  const is =
    (...ok: number[]) =>
    (flags: number) =>
      ok.includes(flags);
  const libc6 = FLAG_ELF_LIBC6;
  switch (elf.machine) {
    case EM_X86_64:
      return elf.elfClass === 64 ? is(FLAG_X8664_LIB64 | libc6) : is(FLAG_X8664_LIBX32 | libc6);
    case EM_386:
      return elf.elfClass === 32 ? is(FLAG_ELF, libc6) : null;
    case EM_AARCH64:
      return elf.elfClass === 64 ? is(FLAG_AARCH64_LIB64 | libc6) : null;
    case EM_ARM:
      // EF_ARM_ABI_FLOAT_HARD = 0x400.
      return elf.flags & 0x400 ? is(FLAG_ARM_LIBHF | libc6) : is(FLAG_ARM_LIBSF | libc6, libc6);
    case EM_RISCV: {
      if (elf.elfClass !== 64) return null;
      const floatAbi = elf.flags & 0x6; // EF_RISCV_FLOAT_ABI
      if (floatAbi === 0x4) return is(FLAG_RISCV_FLOAT_ABI_DOUBLE | libc6);
      if (floatAbi === 0) return is(FLAG_RISCV_FLOAT_ABI_SOFT | libc6);
      return null;
    }
    case EM_PPC64:
      return elf.elfClass === 64 ? is(FLAG_POWERPC_LIB64 | libc6) : null;
    case EM_S390:
      return elf.elfClass === 64 ? is(FLAG_S390_LIB64 | libc6) : is(FLAG_ELF, libc6);
    case EM_LOONGARCH:
      return elf.elfClass === 64 ? is(FLAG_LARCH_FLOAT_ABI_DOUBLE | libc6) : null;
    default:
      return null;
  }
}

/**
 * Finds the cache entry ld.so would use for a soname. hwcaps lists the
 * glibc-hwcaps subdirectories the CPU supports, best first (see
 * `ld.so --help`); an entry for a listed subdirectory beats the plain entry,
 * an earlier subdirectory beats a later one. With hwcaps empty (the default)
 * only plain entries are used. Legacy-hwcap entries are skipped.
 */
export function lookupLdCache(
  cache: LdCache,
  soname: string,
  accept: (flags: number) => boolean,
  hwcaps: readonly string[] = [],
): LdCacheEntry | null {
  let best: LdCacheEntry | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const e of cache.entries) {
    if (e.key !== soname || !accept(e.flags) || e.legacyHwcap) continue;
    let rank: number;
    if (e.hwcapsSubdir === null) rank = hwcaps.length;
    else {
      const i = hwcaps.indexOf(e.hwcapsSubdir);
      if (i < 0) continue;
      rank = i;
    }
    if (rank < bestRank) {
      best = e;
      bestRank = rank;
    }
  }
  return best;
}
