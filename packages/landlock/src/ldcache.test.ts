import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM_386, EM_AARCH64, EM_ARM, EM_X86_64 } from "./elf.js";
import {
  cacheFlagsMatcher,
  FLAG_AARCH64_LIB64,
  FLAG_ELF_LIBC6,
  FLAG_X8664_LIB64,
  LdCacheError,
  lookupLdCache,
  parseLdCache,
} from "./ldcache.js";
import { buildLdCache, hwcapsEntry } from "./test-support.js";

const X86_64 = FLAG_X8664_LIB64 | FLAG_ELF_LIBC6; // 0x0303
const AARCH64 = FLAG_AARCH64_LIB64 | FLAG_ELF_LIBC6; // 0x0a03
const x86 = cacheFlagsMatcher({ elfClass: 64, machine: EM_X86_64, flags: 0 })!;
const hasCache = existsSync("/etc/ld.so.cache");

describe("the real /etc/ld.so.cache", () => {
  it.skipIf(!hasCache)("parses and finds libc.so.6, agreeing with ldconfig -p", () => {
    const cache = parseLdCache(readFileSync("/etc/ld.so.cache"));
    expect(cache.format).toBe("new");
    expect(cache.endian).toBe("little");
    const libc = lookupLdCache(cache, "libc.so.6", x86);
    expect(libc?.value).toMatch(/\/libc\.so\.6$/);
    expect(libc?.flags).toBe(X86_64);
    let printed: string;
    try {
      printed = execFileSync("ldconfig", ["-p"], { encoding: "utf8" });
    } catch {
      return; // ldconfig not on PATH: the lookup above is the check
    }
    const count = Number(/^(\d+) libs found/.exec(printed)?.[1]);
    expect(cache.entries.length).toBe(count);
    const first = /^\t(\S+) \(([^)]*)\) => (\S+)$/m.exec(printed)!;
    expect(cache.entries[0]).toMatchObject({ key: first[1], value: first[3] });
  });
});

describe("synthetic caches", () => {
  const entries = [
    { flags: X86_64, key: "libz.so.1", value: "/lib/x86_64-linux-gnu/libz.so.1" },
    { flags: AARCH64, key: "libz.so.1", value: "/lib/aarch64-linux-gnu/libz.so.1" },
    { flags: X86_64, key: "libfoo.so", value: "/usr/lib/glibc-hwcaps/x86-64-v3/libfoo.so", hwcap: hwcapsEntry(1) },
    { flags: X86_64, key: "libfoo.so", value: "/usr/lib/glibc-hwcaps/x86-64-v2/libfoo.so", hwcap: hwcapsEntry(0) },
    { flags: X86_64, key: "libfoo.so", value: "/usr/lib/libfoo.so" },
    { flags: X86_64, key: "libold.so", value: "/usr/lib/sse2/libold.so", hwcap: 1n << 5n },
  ];

  for (const endian of ["little", "big"] as const) {
    it(`new format, ${endian}-endian, with a glibc-hwcaps extension`, () => {
      const cache = parseLdCache(
        buildLdCache(entries, { hwcaps: ["x86-64-v2", "x86-64-v3"], generator: "ldconfig (GNU libc) 2.36", endian }),
      );
      expect(cache).toMatchObject({ format: "new", endian, generator: "ldconfig (GNU libc) 2.36" });
      expect(cache.hwcapsSubdirs).toEqual(["x86-64-v2", "x86-64-v3"]);
      expect(cache.entries.map((e) => e.hwcapsSubdir)).toEqual([null, null, "x86-64-v3", "x86-64-v2", null, null]);
      expect(cache.entries[5]!.legacyHwcap).toBe(true);
    });
  }

  it("lookup matches the architecture and prefers supported glibc-hwcaps entries by priority", () => {
    const cache = parseLdCache(buildLdCache(entries, { hwcaps: ["x86-64-v2", "x86-64-v3"] }));
    const arm = cacheFlagsMatcher({ elfClass: 64, machine: EM_AARCH64, flags: 0 })!;
    expect(lookupLdCache(cache, "libz.so.1", x86)?.value).toBe("/lib/x86_64-linux-gnu/libz.so.1");
    expect(lookupLdCache(cache, "libz.so.1", arm)?.value).toBe("/lib/aarch64-linux-gnu/libz.so.1");
    expect(lookupLdCache(cache, "libfoo.so", x86)?.value).toBe("/usr/lib/libfoo.so");
    expect(lookupLdCache(cache, "libfoo.so", x86, ["x86-64-v2"])?.value).toBe(
      "/usr/lib/glibc-hwcaps/x86-64-v2/libfoo.so",
    );
    expect(lookupLdCache(cache, "libfoo.so", x86, ["x86-64-v4", "x86-64-v3", "x86-64-v2"])?.value).toBe(
      "/usr/lib/glibc-hwcaps/x86-64-v3/libfoo.so",
    );
    expect(lookupLdCache(cache, "libold.so", x86)).toBeNull();
    expect(lookupLdCache(cache, "libnope.so", x86)).toBeNull();
  });

  it("old+new combined format: strings relative to the new header", () => {
    const cache = parseLdCache(buildLdCache(entries.slice(0, 2), { prefixOld: true }));
    expect(cache.format).toBe("old+new");
    expect(lookupLdCache(cache, "libz.so.1", x86)?.value).toBe("/lib/x86_64-linux-gnu/libz.so.1");
  });

  it("old format alone", () => {
    const enc = new TextEncoder();
    const strings = enc.encode("libc.so.5\0/lib/libc.so.5\0");
    const b = new Uint8Array(16 + 12 + strings.length);
    const v = new DataView(b.buffer);
    b.set(enc.encode("ld.so-1.7.0"));
    v.setUint32(12, 1, true);
    v.setInt32(16, 1, true);
    v.setUint32(20, 0, true);
    v.setUint32(24, 10, true);
    b.set(strings, 28);
    const cache = parseLdCache(b);
    expect(cache.format).toBe("old");
    expect(cache.entries).toEqual([expect.objectContaining({ flags: 1, key: "libc.so.5", value: "/lib/libc.so.5" })]);
  });

  it("flag matchers per architecture", () => {
    expect(x86(0x0303)).toBe(true);
    expect(x86(0x0003)).toBe(false);
    expect(cacheFlagsMatcher({ elfClass: 32, machine: EM_X86_64, flags: 0 })!(0x0803)).toBe(true);
    expect(cacheFlagsMatcher({ elfClass: 32, machine: EM_386, flags: 0 })!(0x0003)).toBe(true);
    expect(cacheFlagsMatcher({ elfClass: 32, machine: EM_ARM, flags: 0x400 })!(0x0903)).toBe(true);
    expect(cacheFlagsMatcher({ elfClass: 64, machine: 0x9999, flags: 0 })).toBeNull();
  });
});

describe("malformed caches throw LdCacheError", () => {
  const good = buildLdCache([{ flags: X86_64, key: "libz.so.1", value: "/lib/libz.so.1" }], { hwcaps: ["x86-64-v3"] });
  const patched = (f: (v: DataView, b: Uint8Array) => void) => {
    const b = Uint8Array.from(good);
    f(new DataView(b.buffer), b);
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ["empty", new Uint8Array(0), /not an ld.so.cache/],
    ["wrong magic", new TextEncoder().encode("hello, world, this is not a cache"), /not an ld.so.cache/],
    ["truncated header", good.subarray(0, 30), /header is truncated/],
    ["absurd entry count", patched((v) => v.setUint32(20, 0x7fffffff, true)), /claims 2147483647 entries/],
    ["string offset past the end", patched((v) => v.setUint32(48 + 4, 1 << 30, true)), /outside the file/],
    [
      "endian marked invalid",
      patched((_v, b) => {
        b[28] = 1;
      }),
      /marked invalid/,
    ],
    ["misaligned extension", patched((v) => v.setUint32(32, v.getUint32(32, true) + 1, true)), /misaligned/],
    ["extension magic", patched((v) => v.setUint32(v.getUint32(32, true), 0, true)), /bad magic/],
    [
      "extension section count",
      patched((v) => v.setUint32(v.getUint32(32, true) + 4, 0x10000000, true)),
      /claims 268435456 sections/,
    ],
    [
      "unterminated string",
      buildLdCache([{ flags: X86_64, key: "libz.so.1", value: "/lib/libz.so.1" }]).fill(0x41, 48 + 24),
      /entry 0 key: string at 72 is not NUL-terminated/,
    ],
    ["old format with too many entries", new TextEncoder().encode("ld.so-1.7.0\0\xff\xff\xff\x7f"), /do not fit/],
  ];
  for (const [name, bytes, msg] of cases) {
    it(name, () => {
      expect(() => parseLdCache(bytes)).toThrow(LdCacheError);
      expect(() => parseLdCache(bytes)).toThrow(msg);
    });
  }

  it.skipIf(!hasCache)("fuzz: truncations and bit flips of the real cache only throw LdCacheError", () => {
    const base = readFileSync("/etc/ld.so.cache");
    const t0 = performance.now();
    fc.assert(
      fc.property(
        fc.nat({ max: base.length }),
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 8 }),
        fc.array(fc.tuple(fc.nat({ max: 63 }), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        (cut, flips, headerFlips) => {
          const b = Uint8Array.from(base);
          for (const [at, x] of [...flips, ...headerFlips]) b[at] = (b[at] ?? 0) ^ x;
          for (const input of [b, base.subarray(0, cut)]) {
            try {
              parseLdCache(input);
            } catch (e) {
              if (!(e instanceof LdCacheError)) throw e;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
