import { describe, expect, it } from "vitest";
import {
  CONSTANTS,
  constant,
  constantsFor,
  ERRNO,
  errnoName,
  errnoNumber,
  signalName,
  signalNumber,
} from "./constants.js";

describe("constants", () => {
  it("has the seccomp and audit values a filter needs", () => {
    expect(CONSTANTS.AUDIT_ARCH_X86_64).toBe(0xc000003en);
    expect(CONSTANTS.AUDIT_ARCH_AARCH64).toBe(0xc00000b7n);
    expect(CONSTANTS.AUDIT_ARCH_I386).toBe(0x40000003n);
    expect(CONSTANTS.__X32_SYSCALL_BIT).toBe(0x40000000n);
    expect(CONSTANTS.SECCOMP_RET_KILL_PROCESS).toBe(0x80000000n);
    expect(CONSTANTS.SECCOMP_RET_ERRNO).toBe(0x00050000n);
    expect(CONSTANTS.SECCOMP_RET_ALLOW).toBe(0x7fff0000n);
    expect(CONSTANTS.SECCOMP_RET_ACTION_FULL).toBe(0xffff0000n);
    expect(CONSTANTS.SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV).toBe(32n);
  });

  it("has well-known argument values", () => {
    expect(constant("F_DUPFD_CLOEXEC")).toBe(1030n);
    expect(constant("TIOCSTI")).toBe(0x5412n);
    expect(constant("TIOCLINUX")).toBe(0x541cn);
    expect(constant("TIOCGWINSZ")).toBe(0x5413n);
    expect(constant("FIONBIO")).toBe(0x5421n);
    expect(constant("FIOCLEX")).toBe(0x5451n);
    expect(constant("TIOCGPTN")).toBe(0x80045430n);
    expect(constant("SO_TYPE")).toBe(3n);
    expect(constant("PR_SET_NO_NEW_PRIVS")).toBe(38n);
    expect(constant("PR_SET_NAME")).toBe(15n);
    expect(constant("PR_CAPBSET_DROP")).toBe(24n);
    expect(constant("PR_CAP_AMBIENT")).toBe(47n);
    expect(constant("PR_SET_SECUREBITS")).toBe(28n);
    expect(constant("PR_SET_VMA")).toBe(0x53564d41n);
    expect(constant("CLONE_NEWUSER")).toBe(0x10000000n);
    expect(constant("CLONE_INTO_CGROUP")).toBe(0x200000000n);
    expect(constant("SOCK_CLOEXEC")).toBe(0o2000000n);
    expect(constant("AF_INET6")).toBe(10n);
    expect(constant("RLIMIT_NOFILE")).toBe(7n);
    expect(constant("RLIM_INFINITY")).toBe(0xffffffffffffffffn);
    expect(constant("FUTEX_WAIT_PRIVATE")).toBe(128n);
    expect(constant("MAP_ANONYMOUS")).toBe(0x20n);
    expect(constant("ARCH_SET_FS")).toBe(0x1002n);
  });

  it("stores negative values as the 64-bit register value", () => {
    expect(CONSTANTS.AT_FDCWD).toBe(BigInt.asUintN(64, -100n));
    expect(CONSTANTS.AT_FDCWD).toBe(0xffffffffffffff9cn);
    for (const [name, v] of Object.entries(CONSTANTS)) {
      expect(v >= 0n && v < 1n << 64n, name).toBe(true);
    }
  });

  it("gives per-arch open flags", () => {
    const x = constantsFor("x86_64");
    const a = constantsFor("aarch64");
    expect(x.O_DIRECTORY).toBe(0o200000n);
    expect(x.O_NOFOLLOW).toBe(0o400000n);
    expect(x.O_DIRECT).toBe(0o40000n);
    expect(x.O_LARGEFILE).toBe(0o100000n);
    expect(a.O_DIRECTORY).toBe(0o40000n);
    expect(a.O_NOFOLLOW).toBe(0o100000n);
    expect(a.O_DIRECT).toBe(0o200000n);
    expect(a.O_LARGEFILE).toBe(0o400000n);
    expect(a.O_TMPFILE).toBe(0o20000000n | 0o40000n);
    expect(x.O_TMPFILE).toBe(0o20000000n | 0o200000n);
    // ... and the rest agree.
    for (const name of ["O_CREAT", "O_TRUNC", "O_CLOEXEC", "O_PATH", "__O_TMPFILE", "O_ACCMODE", "O_NONBLOCK"]) {
      expect(a[name], name).toBe(x[name]);
    }
    expect(CONSTANTS).toBe(x);
    expect(constant("O_DIRECTORY", "aarch64")).toBe(0o40000n);
  });

  it("keeps arch-only constants on their arch", () => {
    expect(() => constant("ARCH_SET_FS", "aarch64")).toThrow(/unknown constant/);
    expect(() => constant("PROT_BTI", "x86_64")).toThrow(/unknown constant/);
    expect(constant("PROT_BTI", "aarch64")).toBe(0x10n);
  });

  it("refuses unknown names, including Object.prototype members", () => {
    // A misspelt name does not compile (ConstantName); at run time it throws.
    // @ts-expect-error O_RDONLYY is not a constant
    expect(() => constant("O_RDONLYY")).toThrow(/unknown constant/);
    // @ts-expect-error toString is not a constant either
    expect(() => constant("toString")).toThrow(/unknown constant/);
    expect(errnoNumber("constructor")).toBeUndefined();
  });

  it("maps errno both ways", () => {
    expect(errnoNumber("EPERM")).toBe(1);
    expect(errnoNumber("ENOSYS")).toBe(38);
    expect(errnoNumber("EHWPOISON")).toBe(133);
    expect(errnoNumber("EWOULDBLOCK")).toBe(11);
    expect(errnoName(11)).toBe("EAGAIN");
    expect(errnoName(35)).toBe("EDEADLK");
    expect(errnoName(95)).toBe("EOPNOTSUPP");
    expect(errnoName(41)).toBeUndefined();
    expect(errnoName(134)).toBeUndefined();
    for (const [name, n] of Object.entries(ERRNO)) {
      expect(errnoName(n)).toBe(name);
      expect(CONSTANTS[name]).toBe(BigInt(n));
    }
    // 1..133 minus the two holes (41 and 58).
    expect(Object.keys(ERRNO)).toHaveLength(131);
  });

  it("maps signals both ways", () => {
    expect(signalNumber("SIGSYS")).toBe(31);
    expect(signalNumber("SIGPOLL")).toBe(29);
    expect(signalName(31)).toBe("SIGSYS");
    expect(signalName(6)).toBe("SIGABRT");
    expect(signalName(0)).toBeUndefined();
    expect(signalNumber("SIG_BLOCK")).toBeUndefined();
    for (let n = 1; n <= 31; n++) expect(signalNumber(signalName(n) ?? "")).toBe(n);
  });
});
