// Fuzzing the ELF reader and the ld.so.cache parser beyond elf.test.ts and
// ldcache.test.ts: random bytes behind a valid magic, structured headers with
// hostile offsets and counts, mutated real files. Only ElfError / LdCacheError
// may escape; every parse finishes within a second. Fixed seed, bounded runs
// (H_FUZZ_RUNS, H_FUZZ_SEED for longer runs; see docs/fuzzing.md).
import { existsSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ElfError, parseElf } from "./elf.js";
import { LdCacheError, parseLdCache } from "./ldcache.js";

const SEED = Number(process.env.H_FUZZ_SEED ?? 7);
const RUNS = Number(process.env.H_FUZZ_RUNS ?? 2000);
const LIMIT_MS = Number(process.env.H_FUZZ_MS ?? 15_000);
const opts = (runs = RUNS) => ({ seed: SEED, numRuns: runs, interruptAfterTimeLimit: LIMIT_MS });

function onlyTyped(f: () => unknown, allowed: abstract new (...a: never[]) => Error): void {
  const t0 = performance.now();
  try {
    f();
  } catch (e) {
    if (!(e instanceof allowed)) throw e;
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe("fuzz: ELF reader", () => {
  it("random bytes behind the ELF magic", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2),
        fc.constantFrom(1, 2),
        fc.uint8Array({ maxLength: 4096 }),
        (cls, end, rest) => {
          const b = new Uint8Array(16 + rest.length);
          b.set([0x7f, 0x45, 0x4c, 0x46, cls, end, 1], 0);
          b.set(rest, 16);
          onlyTyped(() => parseElf(b), ElfError);
        },
      ),
      opts(),
    );
  });

  it("64-bit headers with hostile program-header and dynamic-section fields", () => {
    const u64 = fc.oneof(
      fc.constantFrom(0n, 1n, 64n, 0xffffn, 0xffff_ffffn, 0xffff_ffff_ffff_ffffn, 1n << 63n),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    );
    const u16 = fc.oneof(fc.constantFrom(0, 1, 56, 0xffff), fc.nat(0xffff));
    fc.assert(
      fc.property(
        u64,
        u16,
        u16,
        fc.array(fc.tuple(fc.nat(7), u64, u64, u64), { maxLength: 4 }),
        fc.uint8Array({ maxLength: 512 }),
        (phoff, phentsize, phnum, phdrs, tail) => {
          const b = new Uint8Array(64 + 56 * 4 + tail.length);
          const v = new DataView(b.buffer);
          b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
          v.setUint16(16, 3, true); // ET_DYN
          v.setUint16(18, 62, true); // x86_64
          v.setBigUint64(32, phoff, true);
          v.setUint16(54, phentsize, true);
          v.setUint16(56, phnum, true);
          phdrs.forEach(([type, off, filesz, vaddr], i) => {
            const at = 64 + 56 * i;
            v.setUint32(at, type, true);
            v.setBigUint64(at + 8, off, true);
            v.setBigUint64(at + 16, vaddr, true);
            v.setBigUint64(at + 32, filesz, true);
          });
          b.set(tail, 64 + 56 * 4);
          onlyTyped(() => parseElf(b), ElfError);
        },
      ),
      opts(),
    );
  });

  for (const path of ["/usr/bin/bash", "/usr/bin/lua5.4"]) {
    it.skipIf(!existsSync(path))(`${path}: truncated and with flipped bytes in the dynamic section's reach`, () => {
      const base = readFileSync(path);
      fc.assert(
        fc.property(
          fc.nat({ max: base.length }),
          fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 16 }),
          (cut, flips) => {
            const b = Uint8Array.from(base);
            for (const [at, x] of flips) b[at] = (b[at] ?? 0) ^ x;
            onlyTyped(() => parseElf(b.subarray(0, Math.max(cut, 64))), ElfError);
          },
        ),
        opts(200),
      );
    });
  }
});

describe("fuzz: ld.so.cache parser", () => {
  const NEW_MAGIC = "glibc-ld.so.cache1.1";
  const OLD_MAGIC = "ld.so-1.7.0";
  it("random bytes behind each magic", () => {
    fc.assert(
      fc.property(fc.constantFrom(NEW_MAGIC, OLD_MAGIC, ""), fc.uint8Array({ maxLength: 4096 }), (magic, rest) => {
        const m = new TextEncoder().encode(magic);
        const b = new Uint8Array(m.length + rest.length);
        b.set(m, 0);
        b.set(rest, m.length);
        onlyTyped(() => parseLdCache(b), LdCacheError);
      }),
      opts(),
    );
  });
  it("new-format header with hostile counts and string offsets", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0, 1, 0xffff_ffff, 0x7fff_ffff), fc.nat()),
        fc.oneof(fc.constantFrom(0, 1, 0xffff_ffff), fc.nat()),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 8 }),
        (nlibs, strlen, entries) => {
          const head = 20 + 4 + 4 + 4 + 4 * 5; // magic+version, nlibs, len_strings, flags/pad, unused
          const b = new Uint8Array(head + 24 * entries.length + 64);
          b.set(new TextEncoder().encode(NEW_MAGIC), 0);
          const v = new DataView(b.buffer);
          v.setUint32(20, nlibs, true);
          v.setUint32(24, strlen, true);
          entries.forEach(([flags, key, value], i) => {
            const at = 48 + 24 * i;
            if (at + 12 > b.length) return;
            v.setInt32(at, flags | 0, true);
            v.setUint32(at + 4, key >>> 0, true);
            v.setUint32(at + 8, value >>> 0, true);
          });
          onlyTyped(() => parseLdCache(b), LdCacheError);
        },
      ),
      opts(),
    );
  });
  it.skipIf(!existsSync("/etc/ld.so.cache"))("the real cache, truncated and with flipped bytes", () => {
    const base = readFileSync("/etc/ld.so.cache");
    fc.assert(
      fc.property(
        fc.nat({ max: base.length }),
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), fc.integer({ min: 1, max: 255 })), { maxLength: 16 }),
        (cut, flips) => {
          const b = Uint8Array.from(base.subarray(0, cut));
          for (const [at, x] of flips) if (at < b.length) b[at] = (b[at] ?? 0) ^ x;
          onlyTyped(() => parseLdCache(b), LdCacheError);
        },
      ),
      opts(500),
    );
  });
});
