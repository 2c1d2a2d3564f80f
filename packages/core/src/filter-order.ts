// The syscalls each host's filter tests first, before its binary search, so
// the most frequent calls take the fewest instructions. Generated from real
// workloads by tools/filter-stats.mjs (counts in tools/learn/syscall-counts.json;
// numbers and method in docs/filter-ordering.md); for each host the prefix
// of its own ranking that minimises the instructions executed per syscall,
// weighted by the counts. Order never changes what the filter decides: the
// bpf property tests check compile(..., { frequencyOrder }) against the
// reference semantics on random rule sets.
export const HOT_SYSCALLS: Readonly<Record<string, readonly string[]>> = {
  hpython: [
    "newfstatat",
    "read",
    "lseek",
    "openat",
    "close",
    "rt_sigaction",
    "mmap",
    "ioctl",
    "futex",
    "getdents64",
    "brk",
    "mprotect",
  ],
  hlua: [
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
  ],
  hnode: ["futex", "mprotect", "munmap", "mmap", "madvise", "read", "rt_sigaction"],
  hsh: ["fcntl", "close", "dup2", "openat", "write", "newfstatat", "mmap", "rt_sigaction", "rt_sigprocmask", "read"],
};
