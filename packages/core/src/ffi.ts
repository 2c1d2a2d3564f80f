// The one file that talks to libc through koffi. Every other module calls the
// small typed wrappers below; none of them imports koffi.
//
// Why libc functions and not raw syscall() everywhere: the wrappers that glibc
// has (prctl, capset, setrlimit, fcntl, open, execve, close_range) are typed
// and cheap to call. The syscalls glibc does not wrap on Debian 12 (landlock_*,
// seccomp) go through syscall(2), declared with fixed argument types per call
// site so koffi does not have to build a variadic call at run time.
import { createRequire } from "node:module";

type KoffiFn = (...args: unknown[]) => number | bigint;

interface Libc {
  errno(): number;
  address(buf: Buffer): bigint;
  getpid: () => number;
  getuid: () => number;
  geteuid: () => number;
  getgid: () => number;
  prctl: (option: number, a2: bigint, a3: bigint, a4: bigint, a5: bigint) => number;
  capget: (hdr: Buffer, data: Buffer) => number;
  capset: (hdr: Buffer, data: Buffer) => number;
  setrlimit: (resource: number, rlim: Buffer) => number;
  getrlimit: (resource: number, rlim: Buffer) => number;
  setresuid: (r: number, e: number, s: number) => number;
  setresgid: (r: number, e: number, s: number) => number;
  setgroups: (n: number, list: Buffer | null) => number;
  fcntl3: (fd: number, cmd: number, arg: number) => number;
  open: (path: string, flags: number, mode: number) => number;
  close: (fd: number) => number;
  dup2: (from: number, to: number) => number;
  closeRange: (first: number, last: number, flags: number) => number;
  execve: (path: Buffer, argv: Buffer, envp: Buffer) => number;
  write: (fd: number, buf: Buffer, n: number) => number;
  exit: (code: number) => void;
  signal: (sig: number, handler: bigint) => bigint;
  sigprocmaskEmpty: (how: number, set: Buffer, old: Buffer | null) => number;
  /** syscall(nr, ptr, size, u32) — landlock_create_ruleset */
  sysPtrSizeU32: (nr: number, p: Buffer | null, size: number, flags: number) => number;
  /** syscall(nr, int, int, ptr, u32) — landlock_add_rule, pidfd_send_signal */
  sysIntIntPtrU32: (nr: number, fd: number, type: number, attr: Buffer | null, flags: number) => number;
  /** syscall(nr, int, u32) — landlock_restrict_self */
  sysIntU32: (nr: number, fd: number, flags: number) => number;
  /** syscall(nr, u32, u32, ptr) — seccomp */
  sysU32U32Ptr: (nr: number, op: number, flags: number, arg: Buffer | null) => number;
  // --report (report/): the supervising parent and the hand-off in the child.
  read: (fd: number, buf: Buffer, n: number) => number;
  /** ioctl(fd, request, ptr) — SECCOMP_IOCTL_NOTIF_RECV/SEND */
  ioctlPtr: (fd: number, request: number, arg: Buffer) => number;
  kill: (pid: number, sig: number) => number;
  /** syscall(nr, int, int, u32) — pidfd_getfd */
  sysIntIntU32: (nr: number, a: number, b: number, flags: number) => number;
  /** poll(fds, n, timeout) on a libuv worker thread; the callback gets poll's return value. */
  pollAsync: (fds: Buffer, n: number, timeoutMs: number, done: (err: unknown, ret: number) => void) => void;
  // The reporting process (report/): the listener's hand-off and the wait for refused calls.
  poll: (fds: Buffer, n: number, timeoutMs: number) => number;
  socketpair: (domain: number, type: number, protocol: number, sv: Buffer) => number;
  sendmsg: (fd: number, msg: Buffer, flags: number) => number;
  recvmsg: (fd: number, msg: Buffer, flags: number) => number;
}

let cached: Libc | undefined;

/** Loads koffi and binds libc once; the first call costs a few milliseconds. */
export function libc(): Libc {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // koffi is CommonJS with a native addon; require() is the supported way in.
  const koffi = require("koffi") as {
    load(name: string): { func(decl: string): KoffiFn };
    errno(): number;
    address(v: unknown): bigint;
  };
  const lib = koffi.load("libc.so.6");
  const f = (decl: string) => lib.func(decl);
  const syscallNames = {
    ptrSizeU32: f("long syscall(long nr, void *p, size_t size, uint32_t flags)"),
  };
  // koffi binds one prototype per declaration; the same C symbol can be bound
  // under several prototypes by giving each an alias (name as "alias" is not
  // supported), so bind syscall repeatedly with explicit declarations.
  const sysIntIntPtrU32 = f("long syscall(long nr, int fd, int type, void *attr, uint32_t flags)");
  const sysIntU32 = f("long syscall(long nr, int fd, uint32_t flags)");
  const sysU32U32Ptr = f("long syscall(long nr, uint32_t op, uint32_t flags, void *arg)");
  const sysIntIntU32 = f("long syscall(long nr, int a, int b, uint32_t flags)");
  const poll = f("int poll(void *fds, unsigned long n, int timeout)") as unknown as {
    (fds: Buffer, n: number, timeout: number): number;
    async(fds: Buffer, n: number, timeout: number, cb: (err: unknown, ret: number) => void): void;
  };
  const sendmsgFn = f("long sendmsg(int fd, void *msg, int flags)");
  const recvmsgFn = f("long recvmsg(int fd, void *msg, int flags)");
  const num = (v: number | bigint) => Number(v);
  const readFn = f("long read(int fd, void *buf, size_t n)");
  cached = {
    errno: () => koffi.errno(),
    address: (buf) => koffi.address(buf),
    getpid: f("int getpid(void)") as () => number,
    getuid: f("uint32_t getuid(void)") as () => number,
    geteuid: f("uint32_t geteuid(void)") as () => number,
    getgid: f("uint32_t getgid(void)") as () => number,
    prctl: f(
      "int prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4, unsigned long a5)",
    ) as Libc["prctl"],
    capget: f("int capget(void *hdr, void *data)") as Libc["capget"],
    capset: f("int capset(void *hdr, void *data)") as Libc["capset"],
    setrlimit: f("int setrlimit(int resource, void *rlim)") as Libc["setrlimit"],
    getrlimit: f("int getrlimit(int resource, void *rlim)") as Libc["getrlimit"],
    setresuid: f("int setresuid(uint32_t r, uint32_t e, uint32_t s)") as Libc["setresuid"],
    setresgid: f("int setresgid(uint32_t r, uint32_t e, uint32_t s)") as Libc["setresgid"],
    setgroups: f("int setgroups(size_t n, void *list)") as Libc["setgroups"],
    fcntl3: f("int fcntl(int fd, int cmd, int arg)") as Libc["fcntl3"],
    open: f("int open(const char *path, int flags, uint32_t mode)") as Libc["open"],
    close: f("int close(int fd)") as Libc["close"],
    dup2: f("int dup2(int from, int to)") as Libc["dup2"],
    closeRange: f("int close_range(unsigned int first, unsigned int last, int flags)") as Libc["closeRange"],
    execve: f("int execve(void *path, void *argv, void *envp)") as Libc["execve"],
    write: f("long write(int fd, void *buf, size_t n)") as Libc["write"],
    exit: f("void _exit(int code)") as Libc["exit"],
    signal: f("uintptr_t signal(int sig, uintptr_t handler)") as Libc["signal"],
    sigprocmaskEmpty: f("int sigprocmask(int how, void *set, void *old)") as Libc["sigprocmaskEmpty"],
    sysPtrSizeU32: ((nr: number, p: Buffer | null, size: number, flags: number) =>
      num(syscallNames.ptrSizeU32(nr, p, size, flags))) as Libc["sysPtrSizeU32"],
    sysIntIntPtrU32: ((nr: number, fd: number, type: number, attr: Buffer | null, flags: number) =>
      num(sysIntIntPtrU32(nr, fd, type, attr, flags))) as Libc["sysIntIntPtrU32"],
    sysIntU32: ((nr: number, fd: number, flags: number) => num(sysIntU32(nr, fd, flags))) as Libc["sysIntU32"],
    sysU32U32Ptr: ((nr: number, op: number, flags: number, arg: Buffer | null) =>
      num(sysU32U32Ptr(nr, op, flags, arg))) as Libc["sysU32U32Ptr"],
    read: ((fd: number, buf: Buffer, n: number) => num(readFn(fd, buf, n))) as Libc["read"],
    ioctlPtr: f("int ioctl(int fd, unsigned long request, void *arg)") as Libc["ioctlPtr"],
    kill: f("int kill(int pid, int sig)") as Libc["kill"],
    sysIntIntU32: ((nr: number, a: number, b: number, flags: number) =>
      num(sysIntIntU32(nr, a, b, flags))) as Libc["sysIntIntU32"],
    pollAsync: (fds, n, timeoutMs, done) => poll.async(fds, n, timeoutMs, done),
    poll: ((fds: Buffer, n: number, timeoutMs: number) => num(poll(fds, n, timeoutMs))) as Libc["poll"],
    socketpair: f("int socketpair(int domain, int type, int protocol, void *sv)") as Libc["socketpair"],
    sendmsg: ((fd: number, msg: Buffer, flags: number) => num(sendmsgFn(fd, msg, flags))) as Libc["sendmsg"],
    recvmsg: ((fd: number, msg: Buffer, flags: number) => num(recvmsgFn(fd, msg, flags))) as Libc["recvmsg"],
  };
  return cached;
}
