import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ClosureError,
  type ClosureOptions,
  closureFiles,
  defaultLoaderConfig,
  formatLddLines,
  libraryClosure,
  parseLdSoHelp,
} from "./closure.js";
import { DF_1_NODEFLIB, ElfError, EM_386, EM_X86_64, ET_EXEC } from "./elf.js";
import { FLAG_AARCH64_LIB64, FLAG_ELF_LIBC6, FLAG_X8664_LIB64 } from "./ldcache.js";
import { buildElf, buildLdCache, type ElfSpec, memoryFs } from "./test-support.js";

/** ldd's output without load addresses and without linux-vdso (which has no file). */
function ldd(bin: string): string[] {
  const out = execFileSync("ldd", [bin], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.includes("linux-vdso.so"))
    .map((l) => l.replace(/ \(0x[0-9a-f]+\)$/, ""));
}

function lddRealPaths(lines: string[]): Set<string> {
  const paths = new Set<string>();
  for (const l of lines) {
    const m = /=> (\/\S+)$/.exec(l) ?? /^\t(\/\S+)$/.exec(l);
    if (m?.[1]) paths.add(realpathSync(m[1]));
  }
  return paths;
}

const hasLdd = (() => {
  try {
    execFileSync("ldd", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("libraryClosure agrees with ldd on real programs", () => {
  for (const bin of ["/usr/bin/python3", "/usr/bin/lua5.4", "/usr/bin/bash", process.execPath]) {
    const present = existsSync(bin);
    it.skipIf(!present || !hasLdd)(`${bin}${present ? "" : " (missing on this machine: skipped)"}`, () => {
      const c = libraryClosure(bin);
      expect(c.missing).toEqual([]);
      const expected = ldd(bin);
      // The key check: the same set of real files.
      const ours = new Set([c.interpreterRealPath!, ...c.libraries.map((l) => l.realPath)]);
      expect([...ours].sort()).toEqual([...lddRealPaths(expected)].sort());
      // And the same lines, in the same breadth-first order.
      expect(formatLddLines(c)).toEqual(expected);
      expect(closureFiles(c)).toContain(realpathSync(bin));
      expect(c.loaderFiles).toEqual(["/etc/ld.so.cache"]);
    });
  }
});

// A small fake Debian: /lib → /usr/lib, the loader, libc.
const LD = "/lib64/ld-linux-x86-64.so.2";
const MA = "/usr/lib/x86_64-linux-gnu";
const base = (): Record<string, Uint8Array> => ({
  [`${MA}/ld-linux-x86-64.so.2`]: buildElf({ soname: "ld-linux-x86-64.so.2" }),
  [`${MA}/libc.so.6`]: buildElf({ soname: "libc.so.6", needed: ["ld-linux-x86-64.so.2"] }),
});
const baseLinks = { [LD]: `${MA}/ld-linux-x86-64.so.2`, "/lib": "/usr/lib" };
const prog = (spec: ElfSpec = {}) => buildElf({ type: ET_EXEC, interp: LD, ...spec });

function closure(
  files: Record<string, Uint8Array>,
  opts: ClosureOptions & { links?: Record<string, string> } = {},
  bin = "/app/bin/prog",
) {
  const fs = memoryFs({ ...base(), ...files }, { ...baseLinks, ...opts.links });
  return libraryClosure(bin, { cachePath: null, ...fs, ...opts });
}
const paths = (c: ReturnType<typeof libraryClosure>) => c.libraries.map((l) => l.path);

describe("libraryClosure search order (in-memory filesystem)", () => {
  it("finds libc in the multiarch dir, recognises the loader by its SONAME and resolves symlinks", () => {
    const c = closure({ "/app/bin/prog": prog({ needed: ["libc.so.6"] }) });
    expect(c.interpreter).toBe(LD);
    expect(c.interpreterRealPath).toBe(`${MA}/ld-linux-x86-64.so.2`);
    expect(c.libraries).toEqual([
      {
        soname: "libc.so.6",
        path: "/lib/x86_64-linux-gnu/libc.so.6",
        realPath: `${MA}/libc.so.6`,
        neededBy: "/app/bin/prog",
      },
    ]);
    expect(c.missing).toEqual([]);
    expect(formatLddLines(c)).toEqual([`\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6`, `\t${LD}`]);
  });

  it("DT_RUNPATH with $ORIGIN wins over the system dirs", () => {
    const c = closure({
      "/app/bin/prog": prog({ needed: ["libfoo.so.1"], runpath: "$ORIGIN/../lib" }),
      "/app/lib/libfoo.so.1": buildElf({ needed: ["libc.so.6"] }),
      [`${MA}/libfoo.so.1`]: buildElf({}),
    });
    expect(paths(c)).toEqual(["/app/lib/libfoo.so.1", "/lib/x86_64-linux-gnu/libc.so.6"]);
  });

  it("DT_RPATH is inherited by the libraries a program loads; DT_RUNPATH is not", () => {
    const files = {
      "/opt/r/libA.so": buildElf({ needed: ["libB.so"] }),
      "/opt/r/libB.so": buildElf({}),
    };
    const withRpath = closure({ ...files, "/app/bin/prog": prog({ needed: ["libA.so"], rpath: "/opt/r" }) });
    expect(paths(withRpath)).toEqual(["/opt/r/libA.so", "/opt/r/libB.so"]);
    const withRunpath = closure({ ...files, "/app/bin/prog": prog({ needed: ["libA.so"], runpath: "/opt/r" }) });
    expect(paths(withRunpath)).toEqual(["/opt/r/libA.so"]);
    expect(withRunpath.missing).toEqual(["libB.so"]);
  });

  it("an object with DT_RUNPATH ignores its DT_RPATH and the inherited ones", () => {
    const both = closure({
      "/app/bin/prog": prog({ needed: ["libA.so"], rpath: "/opt/r", runpath: "/opt/n" }),
      "/opt/r/libA.so": buildElf({}),
    });
    expect(both.missing).toEqual(["libA.so"]);
    const libHasRunpath = closure({
      "/app/bin/prog": prog({ needed: ["libA.so"], rpath: "/opt/r" }),
      "/opt/r/libA.so": buildElf({ needed: ["libB.so"], runpath: "/opt/other" }),
      "/opt/r/libB.so": buildElf({}),
    });
    expect(libHasRunpath.missing).toEqual(["libB.so"]);
  });

  it("skips candidates of another class or machine, and non-ELF files, as ld.so does", () => {
    const c = closure({
      "/app/bin/prog": prog({ needed: ["libbar.so", "libtxt.so"], runpath: "/opt/a:/opt/b" }),
      "/opt/a/libbar.so": buildElf({ elfClass: 32, machine: EM_386 }),
      "/opt/b/libbar.so": buildElf({}),
      "/opt/a/libtxt.so": new TextEncoder().encode("INPUT(-lfoo)\n"),
      "/opt/b/libtxt.so": buildElf({}),
    });
    expect(paths(c)).toEqual(["/opt/b/libbar.so", "/opt/b/libtxt.so"]);
    expect(c.warnings.join("\n")).toMatch(/\/opt\/a\/libtxt\.so: skipped, not an ELF file/);
  });

  it("uses ld.so.cache entries of the program's architecture only", () => {
    const cache = buildLdCache([
      { flags: FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6, key: "libq.so.1", value: "/opt/arm/libq.so.1" },
      { flags: FLAG_X8664_LIB64 | FLAG_ELF_LIBC6, key: "libq.so.1", value: "/opt/q/libq.so.1" },
    ]);
    const c = closure(
      {
        "/app/bin/prog": prog({ needed: ["libq.so.1"] }),
        "/opt/q/libq.so.1": buildElf({}),
        "/opt/arm/libq.so.1": buildElf({ machine: 183 }),
        "/etc/ld.so.cache": cache,
      },
      { cachePath: "/etc/ld.so.cache" },
    );
    expect(paths(c)).toEqual(["/opt/q/libq.so.1"]);
    expect(c.loaderFiles).toEqual(["/etc/ld.so.cache"]);
  });

  it("DF_1_NODEFLIB skips the system dirs and cache entries inside them", () => {
    const cache = buildLdCache([
      { flags: FLAG_X8664_LIB64 | FLAG_ELF_LIBC6, key: "libz.so.1", value: "/lib/x86_64-linux-gnu/libz.so.1" },
      { flags: FLAG_X8664_LIB64 | FLAG_ELF_LIBC6, key: "libw.so.1", value: "/opt/w/libw.so.1" },
    ]);
    const c = closure(
      {
        "/app/bin/prog": prog({ needed: ["libz.so.1", "libw.so.1"], flags1: DF_1_NODEFLIB }),
        [`${MA}/libz.so.1`]: buildElf({}),
        "/opt/w/libw.so.1": buildElf({}),
        "/etc/ld.so.cache": cache,
      },
      { cachePath: "/etc/ld.so.cache" },
    );
    expect(paths(c)).toEqual(["/opt/w/libw.so.1"]);
    expect(c.missing).toEqual(["libz.so.1"]);
  });

  it("a corrupt cache is ignored with a warning, like ld.so does", () => {
    const c = closure(
      { "/app/bin/prog": prog({ needed: ["libc.so.6"] }), "/etc/ld.so.cache": new Uint8Array(10) },
      { cachePath: "/etc/ld.so.cache" },
    );
    expect(paths(c)).toEqual(["/lib/x86_64-linux-gnu/libc.so.6"]);
    expect(c.warnings[0]).toMatch(/^\/etc\/ld\.so\.cache: ignored, not an ld\.so\.cache file/);
    expect(c.loaderFiles).toEqual([]);
  });

  it("glibc-hwcaps subdirectories are searched first only when configured", () => {
    const files = {
      "/app/bin/prog": prog({ needed: ["libh.so"], runpath: "/opt/h" }),
      "/opt/h/libh.so": buildElf({}),
      "/opt/h/glibc-hwcaps/x86-64-v3/libh.so": buildElf({}),
    };
    expect(paths(closure(files))).toEqual(["/opt/h/libh.so"]);
    expect(paths(closure(files, { machine: { hwcaps: ["x86-64-v4", "x86-64-v3"] } }))).toEqual([
      "/opt/h/glibc-hwcaps/x86-64-v3/libh.so",
    ]);
  });

  it("deduplicates by real path", () => {
    const c = closure(
      {
        "/app/bin/prog": prog({ needed: ["libx.so.1", "libx.so"], runpath: "/opt/x" }),
        "/opt/x/libx.so.1": buildElf({}),
      },
      { links: { "/opt/x/libx.so": "/opt/x/libx.so.1" } },
    );
    expect(paths(c)).toEqual(["/opt/x/libx.so.1"]);
    expect(c.missing).toEqual([]);
  });

  it("names with a slash are used as they are ($ORIGIN expanded, relative to the cwd)", () => {
    const c = closure(
      {
        "/app/bin/prog": prog({ needed: ["./rel/libr.so", "$ORIGIN/libo.so"] }),
        "/work/rel/libr.so": buildElf({}),
        "/app/bin/libo.so": buildElf({}),
      },
      { cwd: "/work" },
    );
    expect(paths(c)).toEqual(["/work/rel/libr.so", "/app/bin/libo.so"]);
  });

  it("expands $LIB and the braced form of $PLATFORM", () => {
    const c = closure({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ld.so dynamic string token
      "/app/bin/prog": prog({ needed: ["libp.so"], runpath: "/opt/$LIB/${PLATFORM}" }),
      "/opt/lib/x86_64-linux-gnu/x86_64/libp.so": buildElf({}),
    });
    expect(paths(c)).toEqual(["/opt/lib/x86_64-linux-gnu/x86_64/libp.so"]);
  });

  it("$ORIGIN of the program is its real directory", () => {
    const c = closure(
      {
        "/opt/tool/bin/prog": prog({ needed: ["libt.so"], runpath: "$ORIGIN/../lib" }),
        "/opt/tool/lib/libt.so": buildElf({}),
      },
      { links: { "/usr/local/bin/prog": "/opt/tool/bin/prog" } },
      "/usr/local/bin/prog",
    );
    expect(paths(c)).toEqual(["/opt/tool/lib/libt.so"]);
    expect(c.binaryRealPath).toBe("/opt/tool/bin/prog");
  });

  it("reports a missing interpreter and missing libraries", () => {
    const c = closure({ "/app/bin/prog": prog({ interp: "/nope/ld.so", needed: ["libc.so.6", "libnope.so"] }) });
    expect(c.missing).toEqual(["/nope/ld.so", "libnope.so"]);
    expect(formatLddLines(c)).toEqual([
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6",
      // libc's NEEDED loader is not the (missing) interpreter, so it is searched like any library.
      "\tld-linux-x86-64.so.2 => /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
      "\tlibnope.so => not found",
      "\t/nope/ld.so => not found",
    ]);
  });

  it("static programs have an empty closure", () => {
    const c = closure({ "/app/bin/prog": buildElf({ type: ET_EXEC, noDynamic: true }) });
    expect(c).toMatchObject({ interpreter: null, libraries: [], missing: [] });
    expect(formatLddLines(c)).toEqual(["\tstatically linked"]);
  });

  it("a missing program is a ClosureError, a non-ELF one an ElfError", () => {
    expect(() => closure({})).toThrow(ClosureError);
    expect(() => closure({})).toThrow("/app/bin/prog: no such file");
    expect(() => closure({ "/app/bin/prog": new TextEncoder().encode("#!/bin/sh\n") })).toThrow(ElfError);
    expect(() => libraryClosure("/definitely/not/here")).toThrow(ClosureError);
  });
});

describe("loader configuration", () => {
  it("Debian multiarch defaults", () => {
    expect(defaultLoaderConfig({ elfClass: 64, machine: EM_X86_64 })).toEqual({
      systemDirs: ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"],
      dstLib: "lib/x86_64-linux-gnu",
      dstPlatform: "x86_64",
      hwcaps: [],
    });
  });

  it("parses ld.so --help", () => {
    const text = [
      "Shared library search path:",
      "  (libraries located via /etc/ld.so.cache)",
      "  /lib/x86_64-linux-gnu (system search path)",
      "  /usr/lib (system search path)",
      "",
      "Subdirectories of glibc-hwcaps directories, in priority order:",
      "  x86-64-v4",
      "  x86-64-v3 (supported, searched)",
      "  x86-64-v2 (supported, searched)",
      "",
      "Legacy HWCAP subdirectories under library search path directories:",
      "  tls (supported, searched)",
    ].join("\n");
    expect(parseLdSoHelp(text)).toEqual({
      systemDirs: ["/lib/x86_64-linux-gnu", "/usr/lib"],
      hwcaps: ["x86-64-v3", "x86-64-v2"],
    });
  });

  it.skipIf(!existsSync(LD))("the machine's own ld.so agrees with the defaults on the system dirs", () => {
    const help = execFileSync(LD, ["--help"], { encoding: "utf8" });
    const parsed = parseLdSoHelp(help);
    expect(parsed.systemDirs).toEqual(defaultLoaderConfig({ elfClass: 64, machine: EM_X86_64 }).systemDirs);
  });
});
