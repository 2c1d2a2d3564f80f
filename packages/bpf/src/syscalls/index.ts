// Syscall name <-> number, per architecture. The tables are generated from the
// kernel's UAPI headers by tools/gen-syscall-tables.mjs (see there for sources
// and for the syscalls added by hand after Linux 6.1).

import type { Arch } from "../rule.js";
import { AARCH64_SYSCALLS, AARCH64_SYSCALLS_SINCE, type AArch64SyscallName } from "./aarch64.js";
import { X86_64_SYSCALLS, X86_64_SYSCALLS_SINCE, type X86_64SyscallName } from "./x86_64.js";

export type { AArch64SyscallName, X86_64SyscallName };

/**
 * A syscall name some architecture we build filters for has a number for
 * (`open` is x86_64 only). Rules, host profiles and core name syscalls with
 * this type, so a misspelt name fails to compile; whether the running arch
 * has it is still the compiler's question (UnknownSyscallError, skipUnknown).
 */
export type SyscallName = X86_64SyscallName | AArch64SyscallName;

/** Narrows a name read at run time (JSON, the command line) to SyscallName. */
export function isSyscallName(name: string): name is SyscallName {
  return Object.hasOwn(X86_64_SYSCALLS, name) || Object.hasOwn(AARCH64_SYSCALLS, name);
}

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
  readonly byNumber: ReadonlyMap<number, SyscallName>;
  readonly names: readonly SyscallName[];
}

// Maps, not property lookups: "constructor" or "__proto__" must not look like syscalls.
const indexes = new Map<Arch, Index>();
function index(arch: Arch): Index {
  let ix = indexes.get(arch);
  if (ix === undefined) {
    const table = SYSCALL_TABLES[arch];
    if (table === undefined) throw new Error(`unknown architecture: ${String(arch)}`);
    // The tables' keys are SyscallNames by construction (Object.entries says string).
    const entries = (Object.entries(table) as [SyscallName, number][]).sort((a, b) => a[1] - b[1]);
    const byNumber = new Map<number, SyscallName>();
    for (const [name, nr] of entries) byNumber.set(nr, name);
    ix = { byName: new Map<string, number>(entries), byNumber, names: Object.freeze(entries.map(([name]) => name)) };
    indexes.set(arch, ix);
  }
  return ix;
}

/** The syscall number of `name` on `arch`, or undefined if the arch has no such syscall (e.g. `open` on aarch64). */
export function syscallNumber(arch: Arch, name: string): number | undefined {
  return index(arch).byName.get(name);
}

/** The name of syscall `nr` on `arch`, or undefined. */
export function syscallName(arch: Arch, nr: number): SyscallName | undefined {
  return index(arch).byNumber.get(nr);
}

/** Every syscall name on `arch`, ordered by number. */
export function syscallNames(arch: Arch): readonly SyscallName[] {
  return index(arch).names;
}
