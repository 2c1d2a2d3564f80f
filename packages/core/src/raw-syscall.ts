// syscall(2) with six 64-bit arguments, bound once through koffi, for tests
// that must hand the kernel exact register values (the seccomp differential
// tests in test/differential.e2e.test.ts). Not used by the launch pipeline:
// production code calls the typed wrappers in ffi.ts.
import { createRequire } from "node:module";

type Raw = (nr: bigint, a0: bigint, a1: bigint, a2: bigint, a3: bigint, a4: bigint, a5: bigint) => bigint | number;

let bound: { call: Raw; errno: () => number } | undefined;

export interface RawResult {
  /** The raw return value (-1 on failure, as libc's syscall() returns). */
  readonly ret: bigint;
  /** errno after the call (meaningful when ret is -1). */
  readonly errno: number;
}

/** syscall(nr, a0..a5); arguments are taken modulo 2^64 (so -1n and 2^64-1 are the same register). */
export function syscall6(nr: number, args: readonly bigint[]): RawResult {
  if (!bound) {
    const require = createRequire(import.meta.url);
    const koffi = require("koffi") as {
      load(name: string): { func(decl: string): Raw };
      errno(v?: number): number;
    };
    const lib = koffi.load("libc.so.6");
    bound = {
      call: lib.func(
        "int64_t syscall(int64_t nr, int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5)",
      ),
      errno: () => koffi.errno(),
    };
  }
  const a = (i: number): bigint => BigInt.asIntN(64, args[i] ?? 0n);
  const ret = BigInt(bound.call(BigInt(nr), a(0), a(1), a(2), a(3), a(4), a(5)));
  return { ret, errno: ret === -1n ? bound.errno() : 0 };
}
