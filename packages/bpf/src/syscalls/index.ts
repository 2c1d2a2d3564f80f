// Syscall name <-> number, per architecture. The tables are generated from the
// kernel's UAPI headers by tools/gen-syscall-tables.mjs (see there for sources
// and for the syscalls added by hand after Linux 6.1).

import type { Arch } from "../rule.js";
import { AARCH64_SYSCALLS, AARCH64_SYSCALLS_SINCE } from "./aarch64.js";
import { X86_64_SYSCALLS, X86_64_SYSCALLS_SINCE } from "./x86_64.js";

/** name -> number for every architecture we build filters for. */
export const SYSCALL_TABLES: Readonly<Record<Arch, Readonly<Record<string, number>>>> = Object.freeze({
  x86_64: X86_64_SYSCALLS,
  aarch64: AARCH64_SYSCALLS,
});

/** Syscalls newer than Linux 6.1 -> the kernel release that added them. */
export const SYSCALL_SINCE: Readonly<Record<Arch, Readonly<Record<string, string>>>> = Object.freeze({
  x86_64: X86_64_SYSCALLS_SINCE,
  aarch64: AARCH64_SYSCALLS_SINCE,
});

interface Index {
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
  readonly names: readonly string[];
}

// Maps, not property lookups: "constructor" or "__proto__" must not look like syscalls.
const indexes = new Map<Arch, Index>();
function index(arch: Arch): Index {
  let ix = indexes.get(arch);
  if (ix === undefined) {
    const table = SYSCALL_TABLES[arch];
    if (table === undefined) throw new Error(`unknown architecture: ${String(arch)}`);
    const entries = Object.entries(table).sort((a, b) => a[1] - b[1]);
    const byNumber = new Map<number, string>();
    for (const [name, nr] of entries) byNumber.set(nr, name);
    ix = { byName: new Map(entries), byNumber, names: Object.freeze(entries.map(([name]) => name)) };
    indexes.set(arch, ix);
  }
  return ix;
}

/** The syscall number of `name` on `arch`, or undefined if the arch has no such syscall (e.g. `open` on aarch64). */
export function syscallNumber(arch: Arch, name: string): number | undefined {
  return index(arch).byName.get(name);
}

/** The name of syscall `nr` on `arch`, or undefined. */
export function syscallName(arch: Arch, nr: number): string | undefined {
  return index(arch).byNumber.get(nr);
}

/** Every syscall name on `arch`, ordered by number. */
export function syscallNames(arch: Arch): readonly string[] {
  return index(arch).names;
}
