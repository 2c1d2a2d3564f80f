// The running machine's view of the kernel ABI: syscall numbers from
// @hsandbox/bpf's per-arch tables and constants by their UAPI names. Nothing
// in core writes a syscall number or a kernel constant as a literal: the
// numbers differ between architectures (seccomp is 317 on x86_64 and 277 on
// aarch64, where 317 is unassigned), and one table is easier to check than
// many copies.
import { type Arch, type ConstantName, constant, errnoNumber, type SyscallName, syscallNumber } from "@hsandbox/bpf";

/** Node's name for a CPU architecture → the syscall tables' name; undefined when we have no table. */
export function archOf(nodeArch: string): Arch | undefined {
  if (nodeArch === "x64") return "x86_64";
  if (nodeArch === "arm64") return "aarch64";
  return undefined;
}

/** The architecture this process runs on; refuses one we have no tables for. */
export function hostArch(): Arch {
  const arch = archOf(process.arch);
  if (arch === undefined) throw new Error(`unsupported architecture ${process.arch} (h knows x64 and arm64)`);
  return arch;
}

/**
 * Every syscall core calls by number through syscall(2). Listed so a unit
 * test can check that each one exists on every architecture we ship for, and
 * typed so that a call site cannot name one that is not checked.
 */
export const CORE_SYSCALLS = [
  "seccomp",
  "landlock_create_ruleset",
  "landlock_add_rule",
  "landlock_restrict_self",
  "pidfd_open",
  "pidfd_getfd",
  "pidfd_send_signal",
] as const satisfies readonly SyscallName[];
export type CoreSyscall = (typeof CORE_SYSCALLS)[number];

/** The number of `name` on `arch` (default: this machine). */
export function sysnr(name: CoreSyscall, arch: Arch = hostArch()): number {
  const nr = syscallNumber(arch, name);
  if (nr === undefined) throw new Error(`${name} has no syscall number on ${arch}`);
  return nr;
}

/**
 * A kernel constant as a JavaScript number, for FFI arguments. Throws on an
 * unknown name (a typo must not become 0) and on a value a double cannot
 * hold exactly.
 */
export function k(name: ConstantName, arch: Arch = hostArch()): number {
  const v = constant(name, arch);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${name} does not fit a JavaScript number`);
  return Number(v);
}

/** An errno value by name (EPERM, ENOSYS, ...). */
export function errno(name: string): number {
  const v = errnoNumber(name);
  if (v === undefined) throw new Error(`unknown errno ${name}`);
  return v;
}
