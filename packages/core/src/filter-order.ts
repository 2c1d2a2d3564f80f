// Which syscalls a host's filter tests first (HostProfile.hotSyscalls, data
// that lives in each host package). defineHost records them by host name, so
// that a Policy (which names its host, and round-trips through
// --explain=json unchanged) compiles to the same program wherever the host's
// profile has been loaded. Order never changes what the filter decides: the
// bpf property tests check compile(..., { frequencyOrder }) against the
// reference semantics on random rule sets.
import type { SyscallName } from "@hsandbox/bpf";

const ORDER = new Map<string, readonly SyscallName[]>();

export function registerFilterOrder(host: string, hot: readonly SyscallName[] | undefined): void {
  if (hot && hot.length > 0) ORDER.set(host, hot);
  else ORDER.delete(host);
}

/** The host's hot syscalls, or none (plain binary search) for a host whose profile is not loaded. */
export function filterOrderOf(host: string): readonly SyscallName[] {
  return ORDER.get(host) ?? [];
}
