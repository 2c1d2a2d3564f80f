// The library closure of a dynamically linked program: every file the
// dynamic loader (glibc's ld.so) would open to start it. Landlock grants
// exactly these (plus what the script needs), so the search below follows
// glibc's elf/dl-load.c (_dl_map_object) step by step, in the same order.
import { realpathSync, statSync } from "node:fs";
import { posix } from "node:path";
import { type ByteSource, fileSource, toSource } from "./bytes.js";
import {
  ElfError,
  type ElfHeader,
  type ElfInfo,
  EM_386,
  EM_AARCH64,
  EM_ARM,
  EM_PPC64,
  EM_RISCV,
  EM_S390,
  EM_X86_64,
  ET_DYN,
  parseElf,
} from "./elf.js";
import { cacheFlagsMatcher, type LdCache, LdCacheError, lookupLdCache, parseLdCache } from "./ldcache.js";

/** How the dynamic loader sees the machine. */
export interface LoaderConfig {
  /** The default search path, tried last (glibc's SYSTEM_DIRS; Debian's multiarch dirs first). */
  readonly systemDirs: readonly string[];
  /** Expansion of $LIB ("lib/x86_64-linux-gnu" on Debian; `ld.so --list-diagnostics` shows dl_dst_lib). */
  readonly dstLib: string;
  /** Expansion of $PLATFORM (AT_PLATFORM: "x86_64", "aarch64", …). */
  readonly dstPlatform: string;
  /**
   * glibc-hwcaps subdirectories the CPU supports, best first ("x86-64-v3", …;
   * `ld.so --help` lists them). Default: none — see libraryClosure's notes.
   */
  readonly hwcaps: readonly string[];
}

export interface ClosureOptions {
  /** Reads a file (whole, or as a ByteSource for large files). Throws when it cannot. Default: pread on an fd. */
  readonly readFile?: (path: string) => Uint8Array | ByteSource;
  /** True when path names an existing regular file (following symlinks). Default: stat. */
  readonly exists?: (path: string) => boolean;
  /** Resolves symlinks. Default: fs.realpathSync.native. */
  readonly realpath?: (path: string) => string;
  /** The ld.so cache. Default "/etc/ld.so.cache"; null: no cache. */
  readonly cachePath?: string | null;
  /** Overrides parts of the loader's view of the machine (default from the binary's ELF header). */
  readonly machine?: Partial<LoaderConfig>;
  /** Directory that relative paths are resolved against. Default: process.cwd(). */
  readonly cwd?: string;
}

export interface ClosureLibrary {
  /** The DT_NEEDED name that pulled it in, e.g. "libc.so.6". */
  readonly soname: string;
  /** Where the loader finds it, e.g. "/lib/x86_64-linux-gnu/libc.so.6" (what ldd prints). */
  readonly path: string;
  /** path with every symlink resolved: the file Landlock must grant. */
  readonly realPath: string;
  /** The object whose DT_NEEDED named it first. */
  readonly neededBy: string;
}

export interface LibraryClosure {
  readonly binary: string;
  readonly binaryRealPath: string;
  /** PT_INTERP as written (e.g. "/lib64/ld-linux-x86-64.so.2"), or null for a static program. */
  readonly interpreter: string | null;
  readonly interpreterRealPath: string | null;
  /** Every library, breadth-first in load order, deduplicated by realPath; the interpreter is not repeated here. */
  readonly libraries: readonly ClosureLibrary[];
  /** DT_NEEDED names (or the interpreter path) that could not be found. */
  readonly missing: readonly string[];
  /** Other files the loader reads: the ld.so cache (real path) when a lookup reached it. */
  readonly loaderFiles: readonly string[];
  /** Things ld.so would complain about or silently skip (corrupt cache, non-ELF candidates…). */
  readonly warnings: readonly string[];
}

/** The program itself cannot be read. (A non-ELF program throws ElfError.) */
export class ClosureError extends Error {
  override readonly name = "ClosureError";
  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const MULTIARCH: Record<string, { triplet: string; platform: string }> = {
  [`64:${EM_X86_64}`]: { triplet: "x86_64-linux-gnu", platform: "x86_64" },
  [`32:${EM_X86_64}`]: { triplet: "x86_64-linux-gnux32", platform: "x86_64" },
  [`32:${EM_386}`]: { triplet: "i386-linux-gnu", platform: "i686" },
  [`64:${EM_AARCH64}`]: { triplet: "aarch64-linux-gnu", platform: "aarch64" },
  [`32:${EM_ARM}`]: { triplet: "arm-linux-gnueabihf", platform: "v7l" },
  [`64:${EM_RISCV}`]: { triplet: "riscv64-linux-gnu", platform: "riscv64" },
  [`64:${EM_PPC64}`]: { triplet: "powerpc64le-linux-gnu", platform: "power9" },
  [`64:${EM_S390}`]: { triplet: "s390x-linux-gnu", platform: "z13" },
};

/**
 * Debian's loader view for an ELF of this class and machine: multiarch system
 * dirs (/lib/<triplet>, /usr/lib/<triplet>, /lib, /usr/lib), $LIB =
 * lib/<triplet>, no glibc-hwcaps. Checked on this machine against
 * `ld.so --help` and `LD_DEBUG=libs`. Other distributions (lib64 layouts)
 * pass `machine.systemDirs`.
 */
export function defaultLoaderConfig(elf: Pick<ElfHeader, "elfClass" | "machine">): LoaderConfig {
  const m = MULTIARCH[`${elf.elfClass}:${elf.machine}`];
  if (!m) return { systemDirs: ["/lib", "/usr/lib"], dstLib: "lib", dstPlatform: "", hwcaps: [] };
  return {
    systemDirs: [`/lib/${m.triplet}`, `/usr/lib/${m.triplet}`, "/lib", "/usr/lib"],
    dstLib: `lib/${m.triplet}`,
    dstPlatform: m.platform,
    hwcaps: [],
  };
}

/**
 * Parses `ld.so --help` output (glibc 2.33+): the system search path and the
 * supported glibc-hwcaps subdirectories in priority order. A host may run the
 * loader once and pass the result as `machine`; the library never runs it.
 */
export function parseLdSoHelp(text: string): Partial<LoaderConfig> {
  const systemDirs: string[] = [];
  const hwcaps: string[] = [];
  let section: "none" | "hwcaps" = "none";
  for (const line of text.split("\n")) {
    const sys = /^\s+(\/\S*) \(system search path\)$/.exec(line);
    if (sys?.[1]) systemDirs.push(sys[1]);
    if (/^Subdirectories of glibc-hwcaps directories/.test(line)) section = "hwcaps";
    else if (/^\S/.test(line)) section = "none";
    else if (section === "hwcaps") {
      const m = /^\s+(\S+) \(supported, searched\)/.exec(line);
      if (m?.[1]) hwcaps.push(m[1]);
    }
  }
  const out: { systemDirs?: string[]; hwcaps?: string[] } = {};
  if (systemDirs.length > 0) out.systemDirs = systemDirs;
  if (text.includes("glibc-hwcaps")) out.hwcaps = hwcaps;
  return out;
}

interface LoadedObject {
  readonly path: string;
  readonly realPath: string;
  readonly info: ElfInfo;
  /** Names it was requested by (glibc's l_libname list); its DT_SONAME also matches. */
  readonly names: Set<string>;
  /** The object that caused it to be loaded (glibc's l_loader); null for the program. */
  readonly loader: LoadedObject | null;
  /** $ORIGIN: the directory it was loaded from. */
  readonly origin: string;
}

const DST = /\$(?:\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?![A-Za-z0-9_]))/g;

/**
 * Computes the files the dynamic loader opens to run `binary`.
 *
 * Search order for a DT_NEEDED name without a slash, requested by object L
 * (glibc _dl_map_object):
 *   1. an already loaded object with that name or DT_SONAME (e.g. libc's
 *      NEEDED ld-linux-x86-64.so.2 is the interpreter itself);
 *   2. DT_RPATH of L, then of L's loader, … up to the program — only when L
 *      has no DT_RUNPATH (and an object's RPATH is ignored if it has RUNPATH);
 *   3. LD_LIBRARY_PATH — deliberately ignored: the sandbox scrubs the
 *      environment before execve, so the interpreter never sees it;
 *   4. DT_RUNPATH of L only (not inherited);
 *   5. /etc/ld.so.cache, entries of the program's class/machine (with
 *      DF_1_NODEFLIB on L, entries inside the system dirs are skipped);
 *   6. the system dirs, unless L has DF_1_NODEFLIB.
 * In every search dir, `glibc-hwcaps/<sub>/` is tried first for each
 * configured hwcaps subdirectory. Candidates that are missing, or ELF files of
 * another class, byte order or machine, are skipped as ld.so skips them.
 *
 * hwcaps: by default none are configured, so the plain library is taken where
 * a CPU-optimised glibc-hwcaps variant may exist. That is safe under Landlock:
 * ld.so treats EACCES on a variant like a missing file and goes on to the
 * plain one (dl-load.c open_path). Legacy hwcap dirs (tls/, x86_64/) are
 * not searched, for the same reason.
 */
export function libraryClosure(binary: string, opts: ClosureOptions = {}): LibraryClosure {
  const cwd = opts.cwd ?? process.cwd();
  const abs = (p: string) => (p.startsWith("/") ? posix.normalize(p) : posix.join(cwd, p));
  const exists =
    opts.exists ??
    ((p: string) => {
      try {
        return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
      } catch {
        return false;
      }
    });
  const realpath = opts.realpath ?? ((p: string) => realpathSync.native(p));
  const open = (p: string): ByteSource => (opts.readFile ? toSource(opts.readFile(p)) : fileSource(p));
  const warnings: string[] = [];

  const parseFile = (p: string): ElfInfo => {
    const src = open(p);
    try {
      return parseElf(src);
    } finally {
      src.close?.();
    }
  };

  let mainInfo: ElfInfo;
  const mainPath = abs(binary);
  try {
    if (!exists(mainPath)) throw Object.assign(new Error("No such file"), { code: "ENOENT" });
    mainInfo = parseFile(mainPath);
  } catch (e) {
    if (e instanceof ElfError) throw new ElfError(`${binary}: ${e.message}`);
    const code = (e as { code?: string }).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(e);
    throw new ClosureError(`${binary}: ${why}`, binary, { cause: e });
  }
  // $ORIGIN of the program is where its real file lives (ld.so reads /proc/self/exe).
  const mainReal = realpath(mainPath);
  const main: LoadedObject = {
    path: mainPath,
    realPath: mainReal,
    info: mainInfo,
    names: new Set(),
    loader: null,
    origin: posix.dirname(mainReal),
  };

  const config: LoaderConfig = { ...defaultLoaderConfig(mainInfo), ...opts.machine };
  const accept = cacheFlagsMatcher(mainInfo);
  const loaded: LoadedObject[] = [main];
  const libraries: ClosureLibrary[] = [];
  const missing: string[] = [];
  const loaderFiles: string[] = [];

  const sameKind = (info: ElfHeader) =>
    info.elfClass === mainInfo.elfClass && info.endian === mainInfo.endian && info.machine === mainInfo.machine;

  // The loader's open_verify: a usable candidate exists, is ELF, matches the program, is a shared object.
  const tryCandidate = (p: string): { path: string; info: ElfInfo } | null => {
    const path = abs(p);
    if (!exists(path)) return null;
    let info: ElfInfo;
    try {
      info = parseFile(path);
    } catch (e) {
      if (e instanceof ElfError) {
        warnings.push(`${path}: skipped, ${e.message}`);
        return null;
      }
      return null; // unreadable: ld.so moves on as well
    }
    if (!sameKind(info)) return null;
    if (info.type !== ET_DYN) {
      warnings.push(`${path}: skipped, not a shared object (e_type ${info.type})`);
      return null;
    }
    return { path, info };
  };

  // $ORIGIN, $LIB, $PLATFORM (also as ${…}); unknown "$NAME" stays literal.
  const expand = (s: string, obj: LoadedObject) =>
    s.replace(DST, (_m, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare;
      if (name === "ORIGIN") return obj.origin;
      if (name === "LIB") return config.dstLib;
      return config.dstPlatform;
    });

  // A DT_RPATH/DT_RUNPATH list: colon-separated; an empty element is the current directory.
  const pathList = (list: string, obj: LoadedObject) =>
    list.split(":").map((d) => {
      const e = expand(d, obj);
      return e === "" ? cwd : abs(e);
    });

  const searchDirs = (dirs: readonly string[], name: string) => {
    for (const dir of dirs) {
      for (const sub of config.hwcaps) {
        const hit = tryCandidate(posix.join(dir, "glibc-hwcaps", sub, name));
        if (hit) return hit;
      }
      const hit = tryCandidate(posix.join(dir, name));
      if (hit) return hit;
    }
    return null;
  };

  let cache: LdCache | null | undefined;
  const cachePath = opts.cachePath === undefined ? "/etc/ld.so.cache" : opts.cachePath;
  const loadCache = (): LdCache | null => {
    if (cache !== undefined) return cache;
    cache = null;
    if (cachePath === null || !exists(cachePath)) return cache;
    try {
      const src = open(cachePath);
      let bytes: Uint8Array;
      try {
        bytes = src.read(0, src.size);
      } finally {
        src.close?.();
      }
      cache = parseLdCache(bytes);
      loaderFiles.push(realpath(cachePath));
    } catch (e) {
      // ld.so ignores a cache it cannot use and goes on with the system dirs.
      warnings.push(`${cachePath}: ignored, ${e instanceof LdCacheError ? e.message : String(e)}`);
    }
    return cache;
  };

  const systemPrefixes = config.systemDirs.map((d) => (d.endsWith("/") ? d : `${d}/`));

  const resolve = (name: string, l: LoadedObject) => {
    if (name.includes("/")) return tryCandidate(expand(name, l));
    const runpath = l.info.dynamic?.runpath ?? null;
    if (runpath === null) {
      const seen = new Set<LoadedObject>();
      for (let o: LoadedObject | null = l; o; o = o.loader) {
        seen.add(o);
        const rp = o.info.dynamic?.runpath == null ? o.info.dynamic?.rpath : null;
        if (rp != null) {
          const hit = searchDirs(pathList(rp, o), name);
          if (hit) return hit;
        }
      }
      const mrp = main.info.dynamic?.runpath == null ? main.info.dynamic?.rpath : null;
      if (!seen.has(main) && mrp != null) {
        const hit = searchDirs(pathList(mrp, main), name);
        if (hit) return hit;
      }
    } else {
      const hit = searchDirs(pathList(runpath, l), name);
      if (hit) return hit;
    }
    const nodeflib = l.info.dynamic?.nodeflib ?? false;
    if (accept) {
      const c = loadCache();
      const entry = c ? lookupLdCache(c, name, accept, config.hwcaps) : null;
      if (entry && !(nodeflib && systemPrefixes.some((p) => entry.value.startsWith(p)))) {
        const hit = tryCandidate(entry.value);
        if (hit) return hit;
      }
    }
    if (!nodeflib) return searchDirs(config.systemDirs, name);
    return null;
  };

  // The interpreter: mapped by the kernel before any library.
  let interpreterRealPath: string | null = null;
  const interp = mainInfo.interpreter;
  if (interp !== null) {
    const ipath = abs(interp);
    let info: ElfInfo | null = null;
    if (exists(ipath)) {
      try {
        info = parseFile(ipath);
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
        warnings.push(`${interp}: ${e.message}`);
      }
    }
    if (info) {
      interpreterRealPath = realpath(ipath);
      loaded.push({
        path: ipath,
        realPath: interpreterRealPath,
        info,
        names: new Set([interp]),
        loader: null,
        origin: posix.dirname(ipath),
      });
    } else {
      missing.push(interp);
    }
  }

  // Breadth-first over DT_NEEDED, like _dl_map_object_deps.
  // for...of sees what the loop appends (an array iterator reads the length each step).
  for (const obj of loaded) {
    if (obj !== main && obj.loader === null) continue; // the interpreter: ld.so does not load its deps again
    for (const name of obj.info.dynamic?.needed ?? []) {
      const already = loaded.find((o) => o.names.has(name) || o.info.dynamic?.soname === name);
      if (already) {
        already.names.add(name);
        continue;
      }
      const hit = resolve(name, obj);
      if (!hit) {
        if (!missing.includes(name)) missing.push(name);
        continue;
      }
      const realPath = realpath(hit.path);
      const same = loaded.find((o) => o.realPath === realPath);
      if (same) {
        // Same file under another name: ld.so recognises it by device and inode.
        same.names.add(name);
        continue;
      }
      loaded.push({
        path: hit.path,
        realPath,
        info: hit.info,
        names: new Set([name, hit.path]),
        loader: obj,
        origin: posix.dirname(hit.path),
      });
      libraries.push({ soname: name, path: hit.path, realPath, neededBy: obj.path });
    }
  }

  return {
    binary,
    binaryRealPath: main.realPath,
    interpreter: interp,
    interpreterRealPath,
    libraries,
    missing,
    loaderFiles,
    warnings,
  };
}

/** The real paths of every file in a closure: program, interpreter, libraries, loader files. */
export function closureFiles(c: LibraryClosure): string[] {
  const out = new Set<string>([c.binaryRealPath]);
  if (c.interpreterRealPath) out.add(c.interpreterRealPath);
  for (const l of c.libraries) out.add(l.realPath);
  for (const f of c.loaderFiles) out.add(f);
  return [...out];
}

/**
 * The closure in ldd's layout, without load addresses and without
 * linux-vdso (it has no file): "\tlibc.so.6 => /lib/…/libc.so.6",
 * "\tlibfoo.so => not found", and the interpreter line last.
 */
export function formatLddLines(c: LibraryClosure): string[] {
  if (c.interpreter === null && c.libraries.length === 0 && c.missing.length === 0) return ["\tstatically linked"];
  const lines: string[] = [];
  for (const lib of c.libraries) lines.push(`\t${lib.soname} => ${lib.path}`);
  for (const name of c.missing) if (name !== c.interpreter) lines.push(`\t${name} => not found`);
  if (c.interpreter !== null) {
    lines.push(c.interpreterRealPath === null ? `\t${c.interpreter} => not found` : `\t${c.interpreter}`);
  }
  return lines;
}
