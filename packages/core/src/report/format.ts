// A refused call in words: its name and arguments, decoded where a number
// means something (clone flags, socket families, paths read from memory).
import { CONSTANTS } from "@hsandbox/bpf";

const hex = (v: bigint) => (v < 10n ? String(v) : `0x${v.toString(16)}`);

/** Names of the CLONE_* bits set in `flags`, plus the exit signal in the low byte. */
export function cloneFlagsText(flags: bigint): string {
  const names: string[] = [];
  let rest = flags;
  for (const [name, v] of Object.entries(CONSTANTS)) {
    if (!name.startsWith("CLONE_") || name === "CLONE_NEWTIME") continue;
    const bit = BigInt(v);
    if (bit > 0xffn && (rest & bit) === bit) {
      names.push(name);
      rest &= ~bit;
    }
  }
  const sig = rest & 0xffn;
  rest &= ~0xffn;
  if (sig !== 0n) {
    const s = Object.entries(CONSTANTS).find(([n, v]) => /^SIG[A-Z]+$/.test(n) && BigInt(v) === sig)?.[0];
    names.push(s ?? hex(sig));
  }
  if (rest !== 0n) names.push(hex(rest));
  return names.length ? names.join("|") : "0";
}

function familyText(v: bigint): string {
  const n = Object.entries(CONSTANTS).find(([k, x]) => k.startsWith("AF_") && k !== "AF_LOCAL" && BigInt(x) === v);
  return n?.[0] ?? hex(v);
}

/** Syscalls whose first (or given) argument is a path, for reading it from memory. */
export const PATH_ARG: Readonly<Record<string, number>> = {
  execve: 0,
  execveat: 1,
  open: 0,
  openat: 1,
  creat: 0,
  unlink: 0,
  unlinkat: 1,
  mkdir: 0,
  mkdirat: 1,
  chmod: 0,
  chown: 0,
  mount: 1,
  chroot: 0,
  socket: -1,
};

/**
 * `name(arg, ...)`; trailing zero arguments are left out (seccomp does not
 * know how many a call takes). `path`, when read from the caller's memory,
 * replaces the pointer it was read from.
 */
export function formatCall(name: string, args: readonly bigint[], path?: string): string {
  const shown = args.map(hex);
  if (name === "clone") shown[0] = cloneFlagsText(args[0] ?? 0n);
  if (name === "socket" || name === "socketpair") shown[0] = familyText(args[0] ?? 0n);
  const i = PATH_ARG[name];
  if (path !== undefined && i !== undefined && i >= 0) shown[i] = JSON.stringify(path);
  let n = shown.length;
  while (n > 1 && args[n - 1] === 0n && !(path !== undefined && PATH_ARG[name] === n - 1)) n--;
  return `${name}(${shown.slice(0, n).join(", ")})`;
}
