import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesSource, fileSource } from "./bytes.js";
import {
  DF_1_NODEFLIB,
  ElfError,
  EM_386,
  EM_AARCH64,
  EM_PPC,
  EM_PPC64,
  EM_X86_64,
  ET_DYN,
  ET_EXEC,
  hasElfMagic,
  isElfFile,
  parseElf,
  readElfHeader,
} from "./elf.js";
import { buildElf } from "./test-support.js";

const hostMachine = process.arch === "arm64" ? EM_AARCH64 : EM_X86_64;
const hasReadelf = (() => {
  try {
    execFileSync("readelf", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** NEEDED / RUNPATH / RPATH / SONAME / interpreter as readelf prints them. */
function readelf(path: string) {
  const dyn = execFileSync("readelf", ["-dW", path], { encoding: "utf8" });
  const pick = (tag: string) =>
    [...dyn.matchAll(new RegExp(`\\(${tag}\\)\\s+[^\\[]*\\[([^\\]]*)\\]`, "g"))].map((m) => m[1]);
  const phdrs = execFileSync("readelf", ["-lW", path], { encoding: "utf8" });
  const interp = /\[Requesting program interpreter: ([^\]]+)\]/.exec(phdrs)?.[1] ?? null;
  return { needed: pick("NEEDED"), runpath: pick("RUNPATH")[0] ?? null, rpath: pick("RPATH")[0] ?? null, interp };
}

const realBinaries = ["/usr/bin/bash", process.execPath, "/usr/bin/python3", "/usr/bin/lua5.4"];

describe("parseElf on real binaries", () => {
  for (const bin of realBinaries) {
    it.skipIf(!existsSync(bin))(`${bin}${existsSync(bin) ? "" : " (missing on this machine: skipped)"}`, () => {
      const src = fileSource(bin);
      let info: ReturnType<typeof parseElf>;
      try {
        info = parseElf(src);
      } finally {
        src.close?.();
      }
      expect(info.elfClass).toBe(64);
      expect(info.endian).toBe("little");
      expect(info.machine).toBe(hostMachine);
      expect([ET_EXEC, ET_DYN]).toContain(info.type);
      expect(info.interpreter).toMatch(/^\/lib.*\/ld-linux.*\.so\.\d$/);
      expect(info.dynamic?.needed).toContain("libc.so.6");
      if (hasReadelf) {
        const r = readelf(bin);
        expect(info.interpreter).toBe(r.interp);
        expect(info.dynamic?.needed).toEqual(r.needed);
        expect(info.dynamic?.runpath).toBe(r.runpath);
        expect(info.dynamic?.rpath).toBe(r.rpath);
      }
    });
  }

  it.skipIf(!existsSync("/usr/bin/bash"))("reads the same from bytes in memory as from a file", () => {
    const src = fileSource("/usr/bin/bash");
    try {
      expect(parseElf(readFileSync("/usr/bin/bash"))).toEqual(parseElf(src));
    } finally {
      src.close?.();
    }
  });

  it("reads libc's SONAME and the loader's", () => {
    const libc = "/lib/x86_64-linux-gnu/libc.so.6";
    if (!existsSync(libc)) return;
    expect(parseElf(readFileSync(libc)).dynamic?.soname).toBe("libc.so.6");
    const info = parseElf(readFileSync("/lib64/ld-linux-x86-64.so.2"));
    expect(info.dynamic?.soname).toBe("ld-linux-x86-64.so.2");
    expect(info.dynamic?.needed).toEqual([]);
  });
});

describe("parseElf on hand-built images", () => {
  const spec = {
    interp: "/lib/ld.so.1",
    needed: ["libfoo.so.1", "libbar.so"],
    soname: "libme.so.2",
    runpath: "$ORIGIN/../lib:/opt/x",
    rpath: "/old/rpath",
    flags1: DF_1_NODEFLIB | 1n,
  };

  for (const [elfClass, endian, machine] of [
    [64, "little", EM_X86_64],
    [32, "little", EM_386],
    [64, "big", EM_PPC64],
    [32, "big", EM_PPC],
  ] as const) {
    it(`ELFCLASS${elfClass} ${endian}-endian`, () => {
      const bytes = buildElf({ ...spec, elfClass, endian, machine });
      const info = parseElf(bytes);
      expect(info).toEqual({
        elfClass,
        endian,
        machine,
        osabi: 0,
        type: ET_DYN,
        flags: 0,
        interpreter: "/lib/ld.so.1",
        dynamic: {
          needed: ["libfoo.so.1", "libbar.so"],
          soname: "libme.so.2",
          rpath: "/old/rpath",
          runpath: "$ORIGIN/../lib:/opt/x",
          flags1: DF_1_NODEFLIB | 1n,
          nodeflib: true,
        },
      });
      expect(readElfHeader(bytesSource(bytes))).toMatchObject({ elfClass, endian, machine });
    });
  }

  it("a static program has neither interpreter nor dynamic section", () => {
    const info = parseElf(buildElf({ type: ET_EXEC, noDynamic: true }));
    expect(info.interpreter).toBeNull();
    expect(info.dynamic).toBeNull();
  });
});

describe("malformed ELF input throws ElfError with a clear message", () => {
  const good = () => buildElf({ interp: "/lib/ld.so", needed: ["libc.so.6"] });
  const patched = (f: (v: DataView, b: Uint8Array) => void) => {
    const b = good();
    f(new DataView(b.buffer), b);
    return b;
  };
  // 64-bit LE layout: phdrs at 64 (56 bytes each): [0] PT_LOAD, [1] PT_INTERP, [2] PT_DYNAMIC.
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty", new Uint8Array(0), /too short/],
    ["not ELF", new TextEncoder().encode("#!/bin/sh\necho hello world\n"), /bad magic/],
    [
      "bad class",
      patched((_v, b) => {
        b[4] = 3;
      }),
      /unknown ELF class 3/,
    ],
    [
      "bad byte order",
      patched((_v, b) => {
        b[5] = 0;
      }),
      /byte order/,
    ],
    [
      "bad version",
      patched((_v, b) => {
        b[6] = 2;
      }),
      /version/,
    ],
    ["truncated header", good().subarray(0, 40), /ELF header .* outside the file/],
    ["phoff past the end", patched((v) => v.setBigUint64(32, 1n << 40n, true)), /program headers .* past the end/],
    ["phentsize too small", patched((v) => v.setUint16(54, 8, true)), /e_phentsize 8/],
    ["PT_INTERP outside the file", patched((v) => v.setBigUint64(64 + 56 + 8, 1n << 33n, true)), /PT_INTERP/],
    [
      "PT_INTERP not NUL-terminated",
      patched((v, b) => {
        const off = Number(v.getBigUint64(64 + 56 + 8, true));
        const len = Number(v.getBigUint64(64 + 56 + 32, true));
        b.fill(0x41, off, off + len);
      }),
      /PT_INTERP is not NUL-terminated/,
    ],
    [
      "DT_STRTAB outside every PT_LOAD",
      patched((v) => v.setBigUint64(64 + 32, 16n, true)), // shrink PT_LOAD's filesz
      /DT_STRTAB address .* not inside any PT_LOAD/,
    ],
    [
      "DT_NEEDED offset past DT_STRSZ",
      patched((v) => {
        const dyn = Number(v.getBigUint64(64 + 112 + 8, true));
        v.setBigUint64(dyn + 8, 999999n, true);
      }),
      /DT_NEEDED\[0\] string offset 999999 is outside the string table/,
    ],
    ["PN_XNUM without section headers", patched((v) => v.setUint16(56, 0xffff, true)), /PN_XNUM/],
    [
      "PN_XNUM with an absurd count",
      (() => {
        const b = new Uint8Array(4096);
        b.set(good().subarray(0, 64));
        const v = new DataView(b.buffer);
        v.setUint16(56, 0xffff, true);
        v.setBigUint64(40, 1024n, true); // e_shoff
        v.setUint16(58, 64, true); // e_shentsize
        v.setUint32(1024 + 44, 0xffffffff, true); // sh_info
        return b;
      })(),
      /4294967295 program headers .* past the end/,
    ],
    [
      "PT_DYNAMIC past the end",
      patched((v) => v.setBigUint64(64 + 112 + 32, 1n << 50n, true)),
      /PT_DYNAMIC extends past the end/,
    ],
  ];
  for (const [name, bytes, msg] of cases) {
    it(name, () => {
      let err: unknown;
      try {
        parseElf(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ElfError);
      expect((err as Error).message).toMatch(msg);
    });
  }

  it("an overlong string is cut off at 4096 bytes", () => {
    const b = buildElf({ needed: ["x".repeat(5000)] });
    expect(() => parseElf(b)).toThrow(/longer than 4096 bytes/);
  });
});

describe("fuzzing: truncations and bit flips only ever throw ElfError, quickly", () => {
  const onlyElfError = (bytes: Uint8Array) => {
    const t0 = performance.now();
    try {
      parseElf(bytes);
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
    }
    expect(performance.now() - t0).toBeLessThan(1000);
  };

  const tiny = buildElf({ interp: "/lib/ld.so", needed: ["liba.so", "libb.so"], runpath: "$ORIGIN", soname: "s" });
  const tiny32be = buildElf({ elfClass: 32, endian: "big", machine: EM_PPC, interp: "/l", needed: ["a"], rpath: "/r" });
  const lua = existsSync("/usr/bin/lua5.4") ? readFileSync("/usr/bin/lua5.4") : tiny;

  for (const [name, base] of [
    ["tiny 64-bit image", tiny],
    ["tiny 32-bit big-endian image", tiny32be],
    ["/usr/bin/lua5.4", lua],
  ] as const) {
    it(name, () => {
      const t0 = performance.now();
      const hot = Math.min(base.length, 8192); // headers and (for tiny images) everything
      fc.assert(
        fc.property(
          fc.nat({ max: base.length }),
          fc.array(fc.tuple(fc.nat({ max: hot - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
          (cut, flips) => {
            const b = Uint8Array.from(base.subarray(0, Math.max(cut, hot)));
            for (const [at, x] of flips) b[at] = (b[at] ?? 0) ^ x;
            onlyElfError(b);
            onlyElfError(base.subarray(0, cut));
          },
        ),
        { numRuns: name === "/usr/bin/lua5.4" ? 300 : 2000 },
      );
      expect(performance.now() - t0).toBeLessThan(20_000);
    });
  }
});

describe("the ELF magic", () => {
  it("tells an ELF file from a script, and an unreadable path is not one", () => {
    expect(hasElfMagic(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2]))).toBe(true);
    expect(hasElfMagic(new TextEncoder().encode("#!/bin/sh\n"))).toBe(false);
    expect(hasElfMagic(new Uint8Array([0x7f, 0x45, 0x4c]))).toBe(false);
    expect(isElfFile(process.execPath)).toBe(true);
    expect(isElfFile(import.meta.filename)).toBe(false);
    expect(isElfFile("/nonexistent/elf")).toBe(false);
    expect(isElfFile("/")).toBe(false);
  });
});
