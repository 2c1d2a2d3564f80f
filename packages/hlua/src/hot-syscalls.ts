// The syscalls hlua's filter tests first, before its binary search, so the
// most frequent calls take the fewest instructions: the prefix of hlua's own
// ranking (tools/filter-stats.mjs on real workloads, counts in
// tools/learn/syscall-counts.json, method in docs/filter-ordering.md) that
// minimises the instructions executed per syscall. Order never changes what
// the filter decides.
import type { SyscallName } from "@hsandbox/bpf";

export const HOT_SYSCALLS: readonly SyscallName[] = [
  "brk",
  "mmap",
  "clock_gettime",
  "newfstatat",
  "read",
  "write",
  "openat",
  "close",
  "mremap",
  "mprotect",
  "munmap",
];
