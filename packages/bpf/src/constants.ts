// Kernel constants that seccomp rules compare syscall arguments against.
//
// Values are the kernel's UAPI values (what the syscall sees in a register),
// as unsigned 64-bit bigints, because that is what a seccomp filter compares.
// Each group names the header it comes from (Linux UAPI, as installed by
// Debian's linux-libc-dev under /usr/include). Values added after Linux 6.1
// say so.
//
// Architectures: x86_64 and aarch64 agree on everything here except
//   - open flags: arm64 has its own asm/fcntl.h where O_DIRECTORY, O_NOFOLLOW,
//     O_DIRECT and O_LARGEFILE (and so O_TMPFILE) take other bits;
//   - arch_prctl ARCH_* and MAP_32BIT exist on x86_64 only;
//   - PROT_BTI and PROT_MTE exist on aarch64 only.
// `CONSTANTS` is the x86_64 view; use `constantsFor(arch)` when it matters.

import type { Arch } from "./rule.js";

type Table = Readonly<Record<string, bigint>>;

const u64 = (v: number | bigint): bigint => BigInt.asUintN(64, BigInt(v));
/** A group of constants; its keys stay literal, so ConstantName below knows every name. */
const table = <K extends string>(o: Record<K, number | bigint>): Readonly<Record<K, bigint>> =>
  Object.freeze(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, u64(v as number | bigint)]))) as Readonly<
    Record<K, bigint>
  >;

// linux/audit.h (AUDIT_ARCH_*), asm/unistd.h (x86: __X32_SYSCALL_BIT)
const AUDIT = table({
  AUDIT_ARCH_X86_64: 0xc000003e,
  AUDIT_ARCH_I386: 0x40000003,
  AUDIT_ARCH_AARCH64: 0xc00000b7,
  AUDIT_ARCH_ARM: 0x40000028,
  __X32_SYSCALL_BIT: 0x40000000,
});

// linux/seccomp.h
const SECCOMP = table({
  SECCOMP_MODE_DISABLED: 0,
  SECCOMP_MODE_STRICT: 1,
  SECCOMP_MODE_FILTER: 2,
  SECCOMP_SET_MODE_STRICT: 0,
  SECCOMP_SET_MODE_FILTER: 1,
  SECCOMP_GET_ACTION_AVAIL: 2,
  SECCOMP_GET_NOTIF_SIZES: 3,
  SECCOMP_FILTER_FLAG_TSYNC: 1 << 0,
  SECCOMP_FILTER_FLAG_LOG: 1 << 1,
  SECCOMP_FILTER_FLAG_SPEC_ALLOW: 1 << 2,
  SECCOMP_FILTER_FLAG_NEW_LISTENER: 1 << 3,
  SECCOMP_FILTER_FLAG_TSYNC_ESRCH: 1 << 4,
  SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV: 1 << 5,
  SECCOMP_RET_KILL_PROCESS: 0x80000000,
  SECCOMP_RET_KILL_THREAD: 0x00000000,
  SECCOMP_RET_KILL: 0x00000000,
  SECCOMP_RET_TRAP: 0x00030000,
  SECCOMP_RET_ERRNO: 0x00050000,
  SECCOMP_RET_USER_NOTIF: 0x7fc00000,
  SECCOMP_RET_TRACE: 0x7ff00000,
  SECCOMP_RET_LOG: 0x7ffc0000,
  SECCOMP_RET_ALLOW: 0x7fff0000,
  SECCOMP_RET_ACTION_FULL: 0xffff0000,
  SECCOMP_RET_ACTION: 0x7fff0000,
  SECCOMP_RET_DATA: 0x0000ffff,
  // The listener's ioctls: _IOWR('!', 0, struct seccomp_notif) and friends,
  // encoded by asm-generic/ioctl.h (x86_64 and arm64 both use it).
  SECCOMP_IOCTL_NOTIF_RECV: 0xc0502100,
  SECCOMP_IOCTL_NOTIF_SEND: 0xc0182101,
  SECCOMP_IOCTL_NOTIF_ID_VALID: 0x40082102,
  SECCOMP_IOCTL_NOTIF_ADDFD: 0x40182103,
});

// linux/sched.h
const CLONE = table({
  CSIGNAL: 0x000000ff,
  CLONE_NEWTIME: 0x00000080, // clone3/unshare only: shares a bit with CSIGNAL in clone()
  CLONE_VM: 0x00000100,
  CLONE_FS: 0x00000200,
  CLONE_FILES: 0x00000400,
  CLONE_SIGHAND: 0x00000800,
  CLONE_PIDFD: 0x00001000,
  CLONE_PTRACE: 0x00002000,
  CLONE_VFORK: 0x00004000,
  CLONE_PARENT: 0x00008000,
  CLONE_THREAD: 0x00010000,
  CLONE_NEWNS: 0x00020000,
  CLONE_SYSVSEM: 0x00040000,
  CLONE_SETTLS: 0x00080000,
  CLONE_PARENT_SETTID: 0x00100000,
  CLONE_CHILD_CLEARTID: 0x00200000,
  CLONE_DETACHED: 0x00400000,
  CLONE_UNTRACED: 0x00800000,
  CLONE_CHILD_SETTID: 0x01000000,
  CLONE_NEWCGROUP: 0x02000000,
  CLONE_NEWUTS: 0x04000000,
  CLONE_NEWIPC: 0x08000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
  CLONE_IO: 0x80000000,
  CLONE_CLEAR_SIGHAND: 0x100000000n, // clone3 only
  CLONE_INTO_CGROUP: 0x200000000n, // clone3 only
});

// asm-generic/fcntl.h (used by x86_64). Octal, as in the header.
const OPEN_GENERIC = table({
  O_ACCMODE: 0o3,
  O_RDONLY: 0o0,
  O_WRONLY: 0o1,
  O_RDWR: 0o2,
  O_CREAT: 0o100,
  O_EXCL: 0o200,
  O_NOCTTY: 0o400,
  O_TRUNC: 0o1000,
  O_APPEND: 0o2000,
  O_NONBLOCK: 0o4000,
  O_NDELAY: 0o4000,
  O_DSYNC: 0o10000,
  FASYNC: 0o20000,
  O_DIRECT: 0o40000,
  O_LARGEFILE: 0o100000,
  O_DIRECTORY: 0o200000,
  O_NOFOLLOW: 0o400000,
  O_NOATIME: 0o1000000,
  O_CLOEXEC: 0o2000000,
  __O_SYNC: 0o4000000,
  O_SYNC: 0o4000000 | 0o10000,
  O_PATH: 0o10000000,
  // The bit that makes an open O_TMPFILE. O_TMPFILE itself also sets
  // O_DIRECTORY, so "has none of O_TMPFILE" would forbid opening directories:
  // test for __O_TMPFILE instead.
  __O_TMPFILE: 0o20000000,
  O_TMPFILE: 0o20000000 | 0o200000,
});

// arch/arm64/include/uapi/asm/fcntl.h overrides four bits, then includes asm-generic/fcntl.h.
const OPEN_ARM64 = table({
  ...OPEN_GENERIC,
  O_DIRECTORY: 0o40000,
  O_NOFOLLOW: 0o100000,
  O_DIRECT: 0o200000,
  O_LARGEFILE: 0o400000,
  O_TMPFILE: 0o20000000 | 0o40000,
});

// asm-generic/fcntl.h, linux/fcntl.h (F_* commands, seals, AT_*), asm-generic/fcntl.h (LOCK_*)
const FCNTL = table({
  F_DUPFD: 0,
  F_GETFD: 1,
  F_SETFD: 2,
  F_GETFL: 3,
  F_SETFL: 4,
  F_GETLK: 5,
  F_SETLK: 6,
  F_SETLKW: 7,
  F_SETOWN: 8,
  F_GETOWN: 9,
  F_SETSIG: 10,
  F_GETSIG: 11,
  F_SETOWN_EX: 15,
  F_GETOWN_EX: 16,
  F_GETOWNER_UIDS: 17,
  F_OFD_GETLK: 36,
  F_OFD_SETLK: 37,
  F_OFD_SETLKW: 38,
  F_SETLEASE: 1024,
  F_GETLEASE: 1025,
  F_NOTIFY: 1026,
  F_DUPFD_QUERY: 1027, // Linux 6.10
  F_CANCELLK: 1029,
  F_DUPFD_CLOEXEC: 1030,
  F_SETPIPE_SZ: 1031,
  F_GETPIPE_SZ: 1032,
  F_ADD_SEALS: 1033,
  F_GET_SEALS: 1034,
  F_GET_RW_HINT: 1035,
  F_SET_RW_HINT: 1036,
  F_GET_FILE_RW_HINT: 1037,
  F_SET_FILE_RW_HINT: 1038,
  FD_CLOEXEC: 1,
  F_RDLCK: 0,
  F_WRLCK: 1,
  F_UNLCK: 2,
  F_SEAL_SEAL: 0x0001,
  F_SEAL_SHRINK: 0x0002,
  F_SEAL_GROW: 0x0004,
  F_SEAL_WRITE: 0x0008,
  F_SEAL_FUTURE_WRITE: 0x0010,
  F_SEAL_EXEC: 0x0020, // Linux 6.3
  LOCK_SH: 1,
  LOCK_EX: 2,
  LOCK_NB: 4,
  LOCK_UN: 8,
  AT_FDCWD: -100, // stored as the 64-bit register value 0xffffffffffffff9c
  AT_SYMLINK_NOFOLLOW: 0x100,
  AT_EACCESS: 0x200,
  AT_REMOVEDIR: 0x200,
  AT_SYMLINK_FOLLOW: 0x400,
  AT_NO_AUTOMOUNT: 0x800,
  AT_EMPTY_PATH: 0x1000,
  AT_RECURSIVE: 0x8000,
});

// linux/close_range.h
const CLOSE_RANGE = table({
  CLOSE_RANGE_UNSHARE: 1 << 1,
  CLOSE_RANGE_CLOEXEC: 1 << 2,
});

// asm-generic/mman-common.h, asm-generic/mman.h, linux/mman.h
const MMAN = table({
  PROT_NONE: 0x0,
  PROT_READ: 0x1,
  PROT_WRITE: 0x2,
  PROT_EXEC: 0x4,
  PROT_SEM: 0x8,
  PROT_GROWSDOWN: 0x01000000,
  PROT_GROWSUP: 0x02000000,
  MAP_FILE: 0,
  MAP_SHARED: 0x01,
  MAP_PRIVATE: 0x02,
  MAP_SHARED_VALIDATE: 0x03,
  MAP_TYPE: 0x0f,
  MAP_FIXED: 0x10,
  MAP_ANONYMOUS: 0x20,
  MAP_ANON: 0x20,
  MAP_GROWSDOWN: 0x0100,
  MAP_DENYWRITE: 0x0800,
  MAP_EXECUTABLE: 0x1000,
  MAP_LOCKED: 0x2000,
  MAP_NORESERVE: 0x4000,
  MAP_POPULATE: 0x008000,
  MAP_NONBLOCK: 0x010000,
  MAP_STACK: 0x020000,
  MAP_HUGETLB: 0x040000,
  MAP_SYNC: 0x080000,
  MAP_FIXED_NOREPLACE: 0x100000,
  MAP_UNINITIALIZED: 0x4000000,
  MAP_HUGE_SHIFT: 26,
  MAP_HUGE_MASK: 0x3f,
  MREMAP_MAYMOVE: 1,
  MREMAP_FIXED: 2,
  MREMAP_DONTUNMAP: 4,
  MLOCK_ONFAULT: 0x01,
  MCL_CURRENT: 1,
  MCL_FUTURE: 2,
  MCL_ONFAULT: 4,
  MS_ASYNC: 1,
  MS_INVALIDATE: 2,
  MS_SYNC: 4,
  MADV_NORMAL: 0,
  MADV_RANDOM: 1,
  MADV_SEQUENTIAL: 2,
  MADV_WILLNEED: 3,
  MADV_DONTNEED: 4,
  MADV_FREE: 8,
  MADV_REMOVE: 9,
  MADV_DONTFORK: 10,
  MADV_DOFORK: 11,
  MADV_MERGEABLE: 12,
  MADV_UNMERGEABLE: 13,
  MADV_HUGEPAGE: 14,
  MADV_NOHUGEPAGE: 15,
  MADV_DONTDUMP: 16,
  MADV_DODUMP: 17,
  MADV_WIPEONFORK: 18,
  MADV_KEEPONFORK: 19,
  MADV_COLD: 20,
  MADV_PAGEOUT: 21,
  MADV_POPULATE_READ: 22,
  MADV_POPULATE_WRITE: 23,
  MADV_DONTNEED_LOCKED: 24,
  MADV_COLLAPSE: 25,
  MADV_HWPOISON: 100,
  MADV_SOFT_OFFLINE: 101,
  MADV_GUARD_INSTALL: 102, // Linux 6.13
  MADV_GUARD_REMOVE: 103, // Linux 6.13
});

// asm-generic/ioctls.h (both x86_64 and arm64 use it), asm-generic/ioctl.h for the _IOR/_IOW ones
const IOCTL = table({
  TCGETS: 0x5401,
  TCSETS: 0x5402,
  TCSETSW: 0x5403,
  TCSETSF: 0x5404,
  TCGETA: 0x5405,
  TCSETA: 0x5406,
  TCSETAW: 0x5407,
  TCSETAF: 0x5408,
  TCSBRK: 0x5409,
  TCXONC: 0x540a,
  TCFLSH: 0x540b,
  TIOCEXCL: 0x540c,
  TIOCNXCL: 0x540d,
  TIOCSCTTY: 0x540e,
  TIOCGPGRP: 0x540f,
  TIOCSPGRP: 0x5410,
  TIOCOUTQ: 0x5411,
  TIOCSTI: 0x5412,
  TIOCGWINSZ: 0x5413,
  TIOCSWINSZ: 0x5414,
  TIOCMGET: 0x5415,
  TIOCMBIS: 0x5416,
  TIOCMBIC: 0x5417,
  TIOCMSET: 0x5418,
  TIOCGSOFTCAR: 0x5419,
  TIOCSSOFTCAR: 0x541a,
  FIONREAD: 0x541b,
  TIOCINQ: 0x541b,
  TIOCLINUX: 0x541c,
  TIOCCONS: 0x541d,
  TIOCGSERIAL: 0x541e,
  TIOCSSERIAL: 0x541f,
  TIOCPKT: 0x5420,
  FIONBIO: 0x5421,
  TIOCNOTTY: 0x5422,
  TIOCSETD: 0x5423,
  TIOCGETD: 0x5424,
  TCSBRKP: 0x5425,
  TIOCSBRK: 0x5427,
  TIOCCBRK: 0x5428,
  TIOCGSID: 0x5429,
  TIOCGPTN: 0x80045430, // _IOR('T', 0x30, unsigned int)
  TIOCSPTLCK: 0x40045431, // _IOW('T', 0x31, int)
  TIOCGDEV: 0x80045432, // _IOR('T', 0x32, unsigned int)
  TIOCSIG: 0x40045436, // _IOW('T', 0x36, int)
  TIOCVHANGUP: 0x5437,
  TIOCGPKT: 0x80045438, // _IOR('T', 0x38, int)
  TIOCGPTLCK: 0x80045439, // _IOR('T', 0x39, int)
  TIOCGEXCL: 0x80045440, // _IOR('T', 0x40, int)
  TIOCGPTPEER: 0x5441, // _IO('T', 0x41)
  FIONCLEX: 0x5450,
  FIOCLEX: 0x5451,
  FIOASYNC: 0x5452,
  TIOCSERCONFIG: 0x5453,
  TIOCSERGWILD: 0x5454,
  TIOCSERSWILD: 0x5455,
  TIOCGLCKTRMIOS: 0x5456,
  TIOCSLCKTRMIOS: 0x5457,
  TIOCSERGSTRUCT: 0x5458,
  TIOCSERGETLSR: 0x5459,
  TIOCSERGETMULTI: 0x545a,
  TIOCSERSETMULTI: 0x545b,
  TIOCMIWAIT: 0x545c,
  TIOCGICOUNT: 0x545d,
  FIOQSIZE: 0x5460,
});

// linux/socket.h / bits/socket.h (AF_*), linux/net.h + asm-generic/socket.h (SOCK_*), linux/in.h (IPPROTO_*)
const SOCKET = table({
  AF_UNSPEC: 0,
  AF_UNIX: 1,
  AF_LOCAL: 1,
  AF_INET: 2,
  AF_AX25: 3,
  AF_IPX: 4,
  AF_APPLETALK: 5,
  AF_NETROM: 6,
  AF_BRIDGE: 7,
  AF_ATMPVC: 8,
  AF_X25: 9,
  AF_INET6: 10,
  AF_ROSE: 11,
  AF_DECnet: 12,
  AF_NETBEUI: 13,
  AF_SECURITY: 14,
  AF_KEY: 15,
  AF_NETLINK: 16,
  AF_ROUTE: 16,
  AF_PACKET: 17,
  AF_ASH: 18,
  AF_ECONET: 19,
  AF_ATMSVC: 20,
  AF_RDS: 21,
  AF_SNA: 22,
  AF_IRDA: 23,
  AF_PPPOX: 24,
  AF_WANPIPE: 25,
  AF_LLC: 26,
  AF_IB: 27,
  AF_MPLS: 28,
  AF_CAN: 29,
  AF_TIPC: 30,
  AF_BLUETOOTH: 31,
  AF_IUCV: 32,
  AF_RXRPC: 33,
  AF_ISDN: 34,
  AF_PHONET: 35,
  AF_IEEE802154: 36,
  AF_CAIF: 37,
  AF_ALG: 38,
  AF_NFC: 39,
  AF_VSOCK: 40,
  AF_KCM: 41,
  AF_QIPCRTR: 42,
  AF_SMC: 43,
  AF_XDP: 44,
  AF_MCTP: 45,
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_RAW: 3,
  SOCK_RDM: 4,
  SOCK_SEQPACKET: 5,
  SOCK_DCCP: 6,
  SOCK_PACKET: 10,
  SOCK_TYPE_MASK: 0xf, // include/linux/net.h (kernel-internal): socket() type & 0xf is the type, the rest flags
  SOCK_NONBLOCK: 0o4000, // = O_NONBLOCK (same on x86_64 and arm64)
  SOCK_CLOEXEC: 0o2000000, // = O_CLOEXEC
  SOL_SOCKET: 1,
  SO_TYPE: 3, // asm-generic/socket.h (x86_64 and arm64 both use it): getsockopt(fd, SOL_SOCKET, SO_TYPE)
  SCM_RIGHTS: 1, // linux/socket.h: a descriptor passed in a control message
  MSG_NOSIGNAL: 0x4000, // linux/socket.h: EPIPE without SIGPIPE
  MSG_CMSG_CLOEXEC: 0x40000000, // linux/socket.h: received descriptors are close-on-exec
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_TCP: 6,
  IPPROTO_UDP: 17,
  IPPROTO_IPV6: 41,
  IPPROTO_ICMPV6: 58,
  SHUT_RD: 0,
  SHUT_WR: 1,
  SHUT_RDWR: 2,
});

// linux/prctl.h
const PRCTL = table({
  PR_SET_PDEATHSIG: 1,
  PR_GET_PDEATHSIG: 2,
  PR_GET_DUMPABLE: 3,
  PR_SET_DUMPABLE: 4,
  PR_GET_UNALIGN: 5,
  PR_SET_UNALIGN: 6,
  PR_GET_KEEPCAPS: 7,
  PR_SET_KEEPCAPS: 8,
  PR_GET_FPEMU: 9,
  PR_SET_FPEMU: 10,
  PR_GET_FPEXC: 11,
  PR_SET_FPEXC: 12,
  PR_GET_TIMING: 13,
  PR_SET_TIMING: 14,
  PR_SET_NAME: 15,
  PR_GET_NAME: 16,
  PR_GET_ENDIAN: 19,
  PR_SET_ENDIAN: 20,
  PR_GET_SECCOMP: 21,
  PR_SET_SECCOMP: 22,
  PR_CAPBSET_READ: 23,
  PR_CAPBSET_DROP: 24,
  PR_GET_TSC: 25,
  PR_SET_TSC: 26,
  PR_GET_SECUREBITS: 27,
  PR_SET_SECUREBITS: 28,
  PR_SET_TIMERSLACK: 29,
  PR_GET_TIMERSLACK: 30,
  PR_TASK_PERF_EVENTS_DISABLE: 31,
  PR_TASK_PERF_EVENTS_ENABLE: 32,
  PR_MCE_KILL: 33,
  PR_MCE_KILL_GET: 34,
  PR_SET_MM: 35,
  PR_SET_CHILD_SUBREAPER: 36,
  PR_GET_CHILD_SUBREAPER: 37,
  PR_SET_NO_NEW_PRIVS: 38,
  PR_GET_NO_NEW_PRIVS: 39,
  PR_GET_TID_ADDRESS: 40,
  PR_SET_THP_DISABLE: 41,
  PR_GET_THP_DISABLE: 42,
  PR_SET_FP_MODE: 45,
  PR_GET_FP_MODE: 46,
  PR_CAP_AMBIENT: 47,
  PR_CAP_AMBIENT_IS_SET: 1,
  PR_CAP_AMBIENT_RAISE: 2,
  PR_CAP_AMBIENT_LOWER: 3,
  PR_CAP_AMBIENT_CLEAR_ALL: 4,
  PR_SVE_SET_VL: 50,
  PR_SVE_GET_VL: 51,
  PR_GET_SPECULATION_CTRL: 52,
  PR_SET_SPECULATION_CTRL: 53,
  PR_PAC_RESET_KEYS: 54,
  PR_SET_TAGGED_ADDR_CTRL: 55,
  PR_GET_TAGGED_ADDR_CTRL: 56,
  PR_SET_IO_FLUSHER: 57,
  PR_GET_IO_FLUSHER: 58,
  PR_SET_SYSCALL_USER_DISPATCH: 59,
  PR_PAC_SET_ENABLED_KEYS: 60,
  PR_PAC_GET_ENABLED_KEYS: 61,
  PR_SCHED_CORE: 62,
  PR_SME_SET_VL: 63,
  PR_SME_GET_VL: 64,
  PR_SET_MDWE: 65, // Linux 6.3
  PR_MDWE_REFUSE_EXEC_GAIN: 1, // Linux 6.3
  PR_GET_MDWE: 66, // Linux 6.3
  PR_SET_VMA: 0x53564d41,
  PR_SET_VMA_ANON_NAME: 0,
  PR_SET_PTRACER: 0x59616d61,
});

// asm-generic/signal.h and x86's asm/signal.h agree on 1..31. SIGRTMIN/SIGRTMAX
// are the kernel's (32, 64); glibc reserves 32 and 33, so its SIGRTMIN is 34.
const SIGNALS = table({
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGIOT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPOLL: 29,
  SIGPWR: 30,
  SIGSYS: 31,
  SIGRTMIN: 32,
  SIGRTMAX: 64,
  SIG_BLOCK: 0,
  SIG_UNBLOCK: 1,
  SIG_SETMASK: 2,
});

// linux/futex.h
const FUTEX = table({
  FUTEX_WAIT: 0,
  FUTEX_WAKE: 1,
  FUTEX_FD: 2,
  FUTEX_REQUEUE: 3,
  FUTEX_CMP_REQUEUE: 4,
  FUTEX_WAKE_OP: 5,
  FUTEX_LOCK_PI: 6,
  FUTEX_UNLOCK_PI: 7,
  FUTEX_TRYLOCK_PI: 8,
  FUTEX_WAIT_BITSET: 9,
  FUTEX_WAKE_BITSET: 10,
  FUTEX_WAIT_REQUEUE_PI: 11,
  FUTEX_CMP_REQUEUE_PI: 12,
  FUTEX_LOCK_PI2: 13,
  FUTEX_PRIVATE_FLAG: 128,
  FUTEX_CLOCK_REALTIME: 256,
  FUTEX_WAIT_PRIVATE: 0 | 128,
  FUTEX_WAKE_PRIVATE: 1 | 128,
  FUTEX_REQUEUE_PRIVATE: 3 | 128,
  FUTEX_CMP_REQUEUE_PRIVATE: 4 | 128,
  FUTEX_WAKE_OP_PRIVATE: 5 | 128,
  FUTEX_LOCK_PI_PRIVATE: 6 | 128,
  FUTEX_LOCK_PI2_PRIVATE: 13 | 128,
  FUTEX_UNLOCK_PI_PRIVATE: 7 | 128,
  FUTEX_TRYLOCK_PI_PRIVATE: 8 | 128,
  FUTEX_WAIT_BITSET_PRIVATE: 9 | 128,
  FUTEX_WAKE_BITSET_PRIVATE: 10 | 128,
  FUTEX_WAIT_REQUEUE_PI_PRIVATE: 11 | 128,
  FUTEX_CMP_REQUEUE_PI_PRIVATE: 12 | 128,
});

// asm-generic/resource.h
const RLIMIT = table({
  RLIMIT_CPU: 0,
  RLIMIT_FSIZE: 1,
  RLIMIT_DATA: 2,
  RLIMIT_STACK: 3,
  RLIMIT_CORE: 4,
  RLIMIT_RSS: 5,
  RLIMIT_NPROC: 6,
  RLIMIT_NOFILE: 7,
  RLIMIT_MEMLOCK: 8,
  RLIMIT_AS: 9,
  RLIMIT_LOCKS: 10,
  RLIMIT_SIGPENDING: 11,
  RLIMIT_MSGQUEUE: 12,
  RLIMIT_NICE: 13,
  RLIMIT_RTPRIO: 14,
  RLIMIT_RTTIME: 15,
  RLIM_NLIMITS: 16,
  RLIM_INFINITY: -1, // ~0UL
});

// linux/stat.h (file type and mode bits, as mknod/chmod see them)
const STAT = table({
  S_IFMT: 0o170000,
  S_IFSOCK: 0o140000,
  S_IFLNK: 0o120000,
  S_IFREG: 0o100000,
  S_IFBLK: 0o060000,
  S_IFDIR: 0o040000,
  S_IFCHR: 0o020000,
  S_IFIFO: 0o010000,
  S_ISUID: 0o4000,
  S_ISGID: 0o2000,
  S_ISVTX: 0o1000,
});

// linux/memfd.h, linux/random.h
const MISC = table({
  MFD_CLOEXEC: 0x0001,
  MFD_ALLOW_SEALING: 0x0002,
  MFD_HUGETLB: 0x0004,
  GRND_NONBLOCK: 0x0001,
  GRND_RANDOM: 0x0002,
  GRND_INSECURE: 0x0004,
});

// linux/securebits.h, linux/capability.h: what dropping privileges sets.
const PRIVILEGE = table({
  SECBIT_NOROOT: 1 << 0,
  SECBIT_NOROOT_LOCKED: 1 << 1,
  SECBIT_NO_SETUID_FIXUP: 1 << 2,
  SECBIT_NO_SETUID_FIXUP_LOCKED: 1 << 3,
  SECBIT_KEEP_CAPS: 1 << 4,
  SECBIT_KEEP_CAPS_LOCKED: 1 << 5,
  SECBIT_NO_CAP_AMBIENT_RAISE: 1 << 6,
  SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED: 1 << 7,
  _LINUX_CAPABILITY_VERSION_3: 0x20080522,
});

// asm-generic/poll.h (POLL*), asm-generic/signal-defs.h (SIG_DFL, SIG_IGN),
// asm-generic/signal.h (_NSIG: signals are 1.._NSIG)
const EVENTS = table({
  POLLIN: 0x0001,
  POLLPRI: 0x0002,
  POLLOUT: 0x0004,
  POLLERR: 0x0008,
  POLLHUP: 0x0010,
  POLLNVAL: 0x0020,
  SIG_DFL: 0,
  SIG_IGN: 1,
  _NSIG: 64,
});

// arch/x86/include/uapi/asm/prctl.h (x86_64 only), asm/mman.h (MAP_32BIT)
const X86_64_ONLY = table({
  ARCH_SET_GS: 0x1001,
  ARCH_SET_FS: 0x1002,
  ARCH_GET_FS: 0x1003,
  ARCH_GET_GS: 0x1004,
  ARCH_GET_CPUID: 0x1011,
  ARCH_SET_CPUID: 0x1012,
  ARCH_GET_XCOMP_SUPP: 0x1021,
  ARCH_GET_XCOMP_PERM: 0x1022,
  ARCH_REQ_XCOMP_PERM: 0x1023,
  ARCH_GET_XCOMP_GUEST_PERM: 0x1024,
  ARCH_REQ_XCOMP_GUEST_PERM: 0x1025,
  ARCH_MAP_VDSO_X32: 0x2001,
  ARCH_MAP_VDSO_32: 0x2002,
  ARCH_MAP_VDSO_64: 0x2003,
  ARCH_SHSTK_ENABLE: 0x5001, // Linux 6.6
  ARCH_SHSTK_DISABLE: 0x5002, // Linux 6.6
  ARCH_SHSTK_LOCK: 0x5003, // Linux 6.6
  ARCH_SHSTK_UNLOCK: 0x5004, // Linux 6.6
  ARCH_SHSTK_STATUS: 0x5005, // Linux 6.6
  MAP_32BIT: 0x40,
});

// arch/arm64/include/uapi/asm/mman.h
const AARCH64_ONLY = table({
  PROT_BTI: 0x10,
  PROT_MTE: 0x20,
});

/** errno names -> numbers: asm-generic/errno-base.h (1..34) and asm-generic/errno.h (35..133). */
export const ERRNO = Object.freeze({
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EIO: 5,
  ENXIO: 6,
  E2BIG: 7,
  ENOEXEC: 8,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  ENOTBLK: 15,
  EBUSY: 16,
  EEXIST: 17,
  EXDEV: 18,
  ENODEV: 19,
  ENOTDIR: 20,
  EISDIR: 21,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  ETXTBSY: 26,
  EFBIG: 27,
  ENOSPC: 28,
  ESPIPE: 29,
  EROFS: 30,
  EMLINK: 31,
  EPIPE: 32,
  EDOM: 33,
  ERANGE: 34,
  EDEADLK: 35,
  ENAMETOOLONG: 36,
  ENOLCK: 37,
  ENOSYS: 38,
  ENOTEMPTY: 39,
  ELOOP: 40,
  ENOMSG: 42,
  EIDRM: 43,
  ECHRNG: 44,
  EL2NSYNC: 45,
  EL3HLT: 46,
  EL3RST: 47,
  ELNRNG: 48,
  EUNATCH: 49,
  ENOCSI: 50,
  EL2HLT: 51,
  EBADE: 52,
  EBADR: 53,
  EXFULL: 54,
  ENOANO: 55,
  EBADRQC: 56,
  EBADSLT: 57,
  EBFONT: 59,
  ENOSTR: 60,
  ENODATA: 61,
  ETIME: 62,
  ENOSR: 63,
  ENONET: 64,
  ENOPKG: 65,
  EREMOTE: 66,
  ENOLINK: 67,
  EADV: 68,
  ESRMNT: 69,
  ECOMM: 70,
  EPROTO: 71,
  EMULTIHOP: 72,
  EDOTDOT: 73,
  EBADMSG: 74,
  EOVERFLOW: 75,
  ENOTUNIQ: 76,
  EBADFD: 77,
  EREMCHG: 78,
  ELIBACC: 79,
  ELIBBAD: 80,
  ELIBSCN: 81,
  ELIBMAX: 82,
  ELIBEXEC: 83,
  EILSEQ: 84,
  ERESTART: 85,
  ESTRPIPE: 86,
  EUSERS: 87,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94,
  EOPNOTSUPP: 95,
  EPFNOSUPPORT: 96,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENETRESET: 102,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ESHUTDOWN: 108,
  ETOOMANYREFS: 109,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
  ESTALE: 116,
  EUCLEAN: 117,
  ENOTNAM: 118,
  ENAVAIL: 119,
  EISNAM: 120,
  EREMOTEIO: 121,
  EDQUOT: 122,
  ENOMEDIUM: 123,
  EMEDIUMTYPE: 124,
  ECANCELED: 125,
  ENOKEY: 126,
  EKEYEXPIRED: 127,
  EKEYREVOKED: 128,
  EKEYREJECTED: 129,
  EOWNERDEAD: 130,
  ENOTRECOVERABLE: 131,
  ERFKILL: 132,
  EHWPOISON: 133,
});

/** Other spellings of the same numbers (errnoName never returns these). */
export const ERRNO_ALIASES = Object.freeze({
  EWOULDBLOCK: 11, // = EAGAIN
  EDEADLOCK: 35, // = EDEADLK
  ENOTSUP: 95, // = EOPNOTSUPP (glibc)
});

const ERRNO_TABLE = table({ ...ERRNO, ...ERRNO_ALIASES });

const COMMON = Object.freeze({
  ...AUDIT,
  ...SECCOMP,
  ...CLONE,
  ...FCNTL,
  ...CLOSE_RANGE,
  ...MMAN,
  ...IOCTL,
  ...SOCKET,
  ...PRCTL,
  ...SIGNALS,
  ...FUTEX,
  ...RLIMIT,
  ...STAT,
  ...MISC,
  ...PRIVILEGE,
  ...EVENTS,
  ...ERRNO_TABLE,
});

const X86_64_CONSTANTS = Object.freeze({ ...COMMON, ...OPEN_GENERIC, ...X86_64_ONLY });
const AARCH64_CONSTANTS = Object.freeze({ ...COMMON, ...OPEN_ARM64, ...AARCH64_ONLY });

/**
 * A constant's name on some architecture we build filters for (MAP_32BIT is
 * x86_64's, PROT_BTI arm64's). constant() and core's k() take this type, so a
 * misspelt name fails to compile; an arch that lacks the name still throws.
 */
export type ConstantName = keyof typeof X86_64_CONSTANTS | keyof typeof AARCH64_CONSTANTS;

/** Narrows a name read at run time (an assembler operand, the command line) to ConstantName. */
export function isConstantName(name: string): name is ConstantName {
  return Object.hasOwn(X86_64_CONSTANTS, name) || Object.hasOwn(AARCH64_CONSTANTS, name);
}

const BY_ARCH: Readonly<Record<Arch, Table>> = Object.freeze({
  x86_64: X86_64_CONSTANTS,
  aarch64: AARCH64_CONSTANTS,
});

/**
 * Every constant, x86_64 values. The O_* flags (and arch_prctl ARCH_*,
 * MAP_32BIT) are x86_64's: use constantsFor("aarch64") for arm64.
 */
export const CONSTANTS: Table = BY_ARCH.x86_64;

/** Every constant as `arch` sees it. */
export function constantsFor(arch: Arch): Table {
  const t = BY_ARCH[arch];
  if (t === undefined) throw new Error(`unknown architecture: ${String(arch)}`);
  return t;
}

/** One constant; throws on an unknown name so a typo cannot become 0. */
export function constant(name: ConstantName, arch: Arch = "x86_64"): bigint {
  const t = constantsFor(arch);
  const v = Object.hasOwn(t, name) ? t[name] : undefined;
  if (v === undefined) throw new Error(`unknown constant ${name} on ${arch}`);
  return v;
}

const ERRNO_BY_NUMBER: ReadonlyMap<number, string> = new Map(Object.entries(ERRNO).map(([k, v]) => [v, k]));

/** Canonical name of an errno value (EAGAIN, not EWOULDBLOCK), or undefined. */
export function errnoName(n: number): string | undefined {
  return ERRNO_BY_NUMBER.get(n);
}

/** Number of an errno name (aliases accepted), or undefined. */
export function errnoNumber(name: string): number | undefined {
  const errnos: Readonly<Record<string, number>> = ERRNO;
  const aliases: Readonly<Record<string, number>> = ERRNO_ALIASES;
  if (Object.hasOwn(errnos, name)) return errnos[name];
  if (Object.hasOwn(aliases, name)) return aliases[name];
  return undefined;
}

const SIGNAL_NAMES = [
  "SIGHUP",
  "SIGINT",
  "SIGQUIT",
  "SIGILL",
  "SIGTRAP",
  "SIGABRT",
  "SIGBUS",
  "SIGFPE",
  "SIGKILL",
  "SIGUSR1",
  "SIGSEGV",
  "SIGUSR2",
  "SIGPIPE",
  "SIGALRM",
  "SIGTERM",
  "SIGSTKFLT",
  "SIGCHLD",
  "SIGCONT",
  "SIGSTOP",
  "SIGTSTP",
  "SIGTTIN",
  "SIGTTOU",
  "SIGURG",
  "SIGXCPU",
  "SIGXFSZ",
  "SIGVTALRM",
  "SIGPROF",
  "SIGWINCH",
  "SIGIO",
  "SIGPWR",
  "SIGSYS",
] as const;

/** Name of signal 1..31 (canonical: SIGABRT, SIGIO), or undefined. */
export function signalName(n: number): string | undefined {
  return Number.isInteger(n) && n >= 1 ? SIGNAL_NAMES[n - 1] : undefined;
}

/** Number of a signal name (SIGIOT, SIGPOLL accepted), or undefined. */
export function signalNumber(name: string): number | undefined {
  if (!name.startsWith("SIG") || name.startsWith("SIG_") || !Object.hasOwn(SIGNALS, name)) return undefined;
  const signals: Table = SIGNALS;
  const v = signals[name];
  return v === undefined ? undefined : Number(v);
}
