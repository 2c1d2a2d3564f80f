// Test fixtures only (not exported from index.ts): builders for tiny ELF
// images and ld.so.cache files, and an in-memory filesystem for closures.
import { EM_X86_64, ET_DYN } from "./elf.js";

export interface ElfSpec {
  elfClass?: 32 | 64;
  endian?: "little" | "big";
  machine?: number;
  type?: number;
  interp?: string;
  needed?: string[];
  soname?: string;
  rpath?: string;
  runpath?: string;
  flags1?: bigint;
  /** Omit PT_DYNAMIC entirely (a static program). */
  noDynamic?: boolean;
}

/**
 * Builds a minimal ELF: header, program headers (PT_LOAD over the whole file
 * at vaddr 0x400000, PT_INTERP, PT_DYNAMIC), a string table and a dynamic
 * section with DT_STRTAB given as a virtual address.
 */
export function buildElf(spec: ElfSpec = {}): Uint8Array {
  const wide = (spec.elfClass ?? 64) === 64;
  const little = (spec.endian ?? "little") === "little";
  const ehsize = wide ? 64 : 52;
  const phentsize = wide ? 56 : 32;
  const base = 0x400000n;

  const strings: number[] = [0];
  const enc = new TextEncoder();
  const addStr = (s: string) => {
    const at = strings.length;
    strings.push(...enc.encode(s), 0);
    return at;
  };
  const dyn: [bigint, bigint][] = [];
  for (const n of spec.needed ?? []) dyn.push([1n, BigInt(addStr(n))]);
  if (spec.soname !== undefined) dyn.push([14n, BigInt(addStr(spec.soname))]);
  if (spec.rpath !== undefined) dyn.push([15n, BigInt(addStr(spec.rpath))]);
  if (spec.runpath !== undefined) dyn.push([29n, BigInt(addStr(spec.runpath))]);
  if (spec.flags1 !== undefined) dyn.push([0x6ffffffbn, spec.flags1]);
  const interpBytes = spec.interp === undefined ? null : [...enc.encode(spec.interp), 0];

  const phnum = 1 + (interpBytes ? 1 : 0) + (spec.noDynamic ? 0 : 1);
  const phoff = ehsize;
  let at = phoff + phnum * phentsize;
  const interpOff = at;
  at += interpBytes?.length ?? 0;
  const strOff = at;
  at += strings.length;
  at = (at + 7) & ~7;
  const dynOff = at;
  const dynEnt = wide ? 16 : 8;
  const dynCount = dyn.length + 3; // + DT_STRTAB, DT_STRSZ, DT_NULL
  at += spec.noDynamic ? 0 : dynCount * dynEnt;
  const size = at;

  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  const word = (o: number, x: bigint) => (wide ? v.setBigUint64(o, x, little) : v.setUint32(o, Number(x), little));
  bytes.set([0x7f, 0x45, 0x4c, 0x46, wide ? 2 : 1, little ? 1 : 2, 1, 0]);
  v.setUint16(16, spec.type ?? ET_DYN, little);
  v.setUint16(18, spec.machine ?? EM_X86_64, little);
  v.setUint32(20, 1, little);
  word(24, base);
  word(wide ? 32 : 28, BigInt(phoff));
  v.setUint16(wide ? 52 : 40, ehsize, little);
  v.setUint16(wide ? 54 : 42, phentsize, little);
  v.setUint16(wide ? 56 : 44, phnum, little);

  let ph = phoff;
  const phdr = (type: number, offset: number, filesz: number) => {
    v.setUint32(ph, type, little);
    if (wide) {
      v.setUint32(ph + 4, 4, little);
      v.setBigUint64(ph + 8, BigInt(offset), little);
      v.setBigUint64(ph + 16, base + BigInt(offset), little);
      v.setBigUint64(ph + 24, base + BigInt(offset), little);
      v.setBigUint64(ph + 32, BigInt(filesz), little);
      v.setBigUint64(ph + 40, BigInt(filesz), little);
    } else {
      v.setUint32(ph + 4, offset, little);
      v.setUint32(ph + 8, Number(base) + offset, little);
      v.setUint32(ph + 12, Number(base) + offset, little);
      v.setUint32(ph + 16, filesz, little);
      v.setUint32(ph + 20, filesz, little);
    }
    ph += phentsize;
  };
  phdr(1, 0, size);
  if (interpBytes) {
    phdr(3, interpOff, interpBytes.length);
    bytes.set(interpBytes, interpOff);
  }
  bytes.set(strings, strOff);
  if (!spec.noDynamic) {
    phdr(2, dynOff, dynCount * dynEnt);
    let d = dynOff;
    for (const [tag, val] of [...dyn, [5n, base + BigInt(strOff)], [10n, BigInt(strings.length)], [0n, 0n]] as [
      bigint,
      bigint,
    ][]) {
      word(d, tag);
      word(d + (wide ? 8 : 4), val);
      d += dynEnt;
    }
  }
  return bytes;
}

export interface CacheEntrySpec {
  flags: number;
  key: string;
  value: string;
  hwcap?: bigint;
}

/** Builds a "glibc-ld.so.cache1.1" file, optionally with a glibc-hwcaps extension and big-endian. */
export function buildLdCache(
  entries: CacheEntrySpec[],
  opts: { hwcaps?: string[]; generator?: string; endian?: "little" | "big"; prefixOld?: boolean } = {},
): Uint8Array {
  const little = (opts.endian ?? "little") === "little";
  const enc = new TextEncoder();
  // Layout relative to the new header: header, entries, strings, extension (4-aligned), then sections.
  const strBase = 48 + entries.length * 24;
  const str: number[] = [];
  const strAt = new Map<string, number>();
  const add = (s: string) => {
    const have = strAt.get(s);
    if (have !== undefined) return have;
    const at = strBase + str.length;
    strAt.set(s, at);
    str.push(...enc.encode(s), 0);
    return at;
  };
  const ents = entries.map((e) => ({ ...e, k: add(e.key), v: add(e.value) }));
  const hw = (opts.hwcaps ?? []).map(add);
  const gen = opts.generator === undefined ? null : enc.encode(opts.generator);
  let end = strBase + str.length;
  const oldPrefix = opts.prefixOld ? 16 : 0; // old header with zero old entries, then the new cache at 16
  const hasExt = hw.length > 0 || gen !== null;
  const extAt = hasExt ? (end + 3) & ~3 : 0;
  const sections: [number, number[] | Uint8Array][] = [];
  if (gen) sections.push([0, gen]);
  if (hw.length > 0) sections.push([1, hw]);
  if (hasExt) end = extAt + 8 + sections.length * 16;
  const secData: number[] = [];
  for (const [, data] of sections) {
    end = (end + 3) & ~3;
    secData.push(end);
    end += data instanceof Uint8Array ? data.length : data.length * 4;
  }
  const bytes = new Uint8Array(oldPrefix + end);
  const v = new DataView(bytes.buffer);
  if (opts.prefixOld) {
    bytes.set(enc.encode("ld.so-1.7.0"), 0);
    v.setUint32(12, 0, true);
  }
  const o = oldPrefix;
  bytes.set(enc.encode("glibc-ld.so.cache1.1"), o);
  v.setUint32(o + 20, entries.length, little);
  v.setUint32(o + 24, str.length, little);
  bytes[o + 28] = little ? 2 : 3;
  v.setUint32(o + 32, hasExt ? o + extAt : 0, little);
  ents.forEach((e, i) => {
    const at = o + 48 + i * 24;
    v.setInt32(at, e.flags, little);
    v.setUint32(at + 4, e.k, little);
    v.setUint32(at + 8, e.v, little);
    v.setBigUint64(at + 16, e.hwcap ?? 0n, little);
  });
  bytes.set(str, o + strBase);
  if (hasExt) {
    v.setUint32(o + extAt, 0xeaa42174, little);
    v.setUint32(o + extAt + 4, sections.length, little);
    sections.forEach(([tag, data], i) => {
      const at = o + extAt + 8 + i * 16;
      const off = secData[i]!;
      v.setUint32(at, tag, little);
      v.setUint32(at + 8, o + off, little);
      if (data instanceof Uint8Array) {
        v.setUint32(at + 12, data.length, little);
        bytes.set(data, o + off);
      } else {
        v.setUint32(at + 12, data.length * 4, little);
        for (const [j, x] of data.entries()) v.setUint32(o + off + j * 4, x, little);
      }
    });
  }
  return bytes;
}

/** hwcap value of a glibc-hwcaps cache entry pointing at subdirectory index i. */
export const hwcapsEntry = (i: number): bigint => (1n << 62n) | BigInt(i);

/** An in-memory filesystem for libraryClosure: files plus symlinks (full-path aliases). */
export function memoryFs(files: Record<string, Uint8Array>, links: Record<string, string> = {}) {
  const resolve = (p: string): string => {
    let cur = p;
    for (let i = 0; i < 40; i++) {
      const hit = Object.entries(links).find(([from]) => cur === from || cur.startsWith(`${from}/`));
      if (!hit) return cur;
      cur = hit[1] + cur.slice(hit[0].length);
    }
    throw new Error(`symlink loop at ${p}`);
  };
  const opened: string[] = [];
  return {
    opened,
    exists: (p: string) => resolve(p) in files,
    realpath: (p: string) => {
      const r = resolve(p);
      if (!(r in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      return r;
    },
    readFile: (p: string) => {
      const r = resolve(p);
      const f = files[r];
      if (!f) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
      opened.push(p);
      return f;
    },
  };
}
