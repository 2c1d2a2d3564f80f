import { describe, expect, it } from "vitest";
import { type ConstantName, constant } from "./constants.js";
import {
  ALWAYS_DENIED,
  FORK_CLONE_FLAGS,
  PROMISE_NAMES,
  PROMISES,
  type PromiseName,
  rulesFor,
  THREAD_CLONE_FLAGS,
} from "./promises.js";
import type { ArgTest, Rule } from "./rule.js";
import { syscallNumber } from "./syscalls/index.js";

/** How many arguments the syscalls we put predicates on take (man 2). */
const ARG_COUNT: Readonly<Record<string, number>> = {
  open: 3,
  openat: 4,
  newfstatat: 4,
  statx: 5,
  fcntl: 3,
  ioctl: 3,
  prctl: 5,
  mmap: 6,
  mprotect: 3,
  clone: 5,
  socket: 3,
  socketpair: 4,
  sendto: 6,
  setsockopt: 5,
  getsockopt: 5,
  prlimit64: 4,
  arch_prctl: 2,
  mknod: 3,
  mknodat: 4,
  chmod: 2,
  fchmod: 2,
  fchmodat: 3,
  fchmodat2: 4,
  kill: 2,
  tgkill: 3,
};

const allRules = (): Rule[] => [...Object.values(PROMISES).flatMap((g) => g.rules), ...ALWAYS_DENIED];

/** Does `test` accept `v` (full 64-bit semantics, as the compiler must implement it)? */
function passes(test: ArgTest, v: bigint): boolean {
  switch (test.op) {
    case "eq":
      return v === test.value;
    case "ne":
      return v !== test.value;
    case "oneOf":
      return test.values.includes(v);
    case "flagsSubsetOf":
      return (v & ~test.mask & 0xffffffffffffffffn) === 0n;
    case "hasNoneOf":
      return (v & test.mask) === 0n;
    case "maskedEq":
      return (v & test.mask) === test.value;
  }
}

/** Would any rule for `syscall` in `rules` allow a call whose argument `arg` is `v` (other args unconstrained)? */
function someRuleAllows(rules: readonly Rule[], syscall: string, arg: number, v: bigint): boolean {
  return rules.some(
    (r) =>
      r.syscall === syscall &&
      r.action.kind === "allow" &&
      (r.when ?? []).every((p) => p.arg !== arg || passes(p.test, v)),
  );
}

describe("promise groups", () => {
  it("has the core promises, each with a one-line summary", () => {
    for (const name of ["stdio", "rpath", "wpath", "cpath", "tmppath", "fattr", "thread", "proc", "exec"] as const) {
      expect(PROMISES[name]).toBeDefined();
    }
    for (const name of ["prot_exec", "inet", "unix", "tty"] as const) expect(PROMISES[name]).toBeDefined();
    for (const [name, g] of Object.entries(PROMISES)) {
      expect(g.summary, name).toMatch(/^[A-Z].*\.$/);
      expect(g.summary, name).not.toContain("\n");
      expect(g.rules.length, name).toBeGreaterThan(0);
    }
  });

  it("names only syscalls that exist on x86_64", () => {
    for (const r of allRules()) expect(syscallNumber("x86_64", r.syscall), r.syscall).toBeDefined();
  });

  it("puts predicates only on arguments the syscall has", () => {
    for (const r of allRules()) {
      for (const p of r.when ?? []) {
        const n = ARG_COUNT[r.syscall];
        expect(n, `add ${r.syscall} to ARG_COUNT`).toBeDefined();
        expect(p.arg, `${r.syscall} arg ${p.arg}`).toBeLessThan(n ?? 0);
      }
    }
  });

  it("never allows TIOCSTI or TIOCLINUX, whatever is promised", () => {
    const rules = rulesFor(PROMISE_NAMES, "x86_64");
    for (const name of ["TIOCSTI", "TIOCLINUX", "TIOCSCTTY", "TIOCCONS"] as const) {
      expect(someRuleAllows(rules, "ioctl", 1, constant(name)), name).toBe(false);
      // the kernel reads the command as 32 bits; upper garbage must not sneak past either
      expect(someRuleAllows(rules, "ioctl", 1, constant(name) | (1n << 32n)), name).toBe(false);
    }
    expect(someRuleAllows(rules, "ioctl", 1, constant("TCGETS"))).toBe(true);
  });

  it("keeps ioctl in stdio to the five harmless commands", () => {
    const rules = rulesFor(["stdio"], "x86_64");
    expect(someRuleAllows(rules, "ioctl", 1, constant("TIOCGWINSZ"))).toBe(true);
    expect(someRuleAllows(rules, "ioctl", 1, constant("TCSETS"))).toBe(false);
    expect(someRuleAllows(rulesFor(["stdio", "tty"], "x86_64"), "ioctl", 1, constant("TCSETS"))).toBe(true);
  });

  it("checks fcntl commands exactly", () => {
    const stdio = rulesFor(["stdio"], "x86_64");
    for (const cmd of ["F_GETFD", "F_SETFD", "F_GETFL", "F_SETFL", "F_DUPFD", "F_DUPFD_CLOEXEC"] as const) {
      expect(someRuleAllows(stdio, "fcntl", 1, constant(cmd)), cmd).toBe(true);
    }
    // F_GETFD|F_SETFD = 3 = F_GETFL is fine; but 5..7 (locks) and 1031 (F_SETPIPE_SZ) are not stdio.
    for (const cmd of ["F_SETLK", "F_SETLKW", "F_GETLK", "F_SETPIPE_SZ", "F_SETOWN", "F_SETLEASE"] as const) {
      expect(someRuleAllows(stdio, "fcntl", 1, constant(cmd)), cmd).toBe(false);
    }
    expect(someRuleAllows(rulesFor(["flock"], "x86_64"), "fcntl", 1, constant("F_SETLKW"))).toBe(true);
  });

  it("keeps PROT_EXEC out of anonymous memory without prot_exec", () => {
    const stdio = rulesFor(["stdio"], "x86_64");
    const mmapAllows = (rules: Rule[], prot: bigint, flags: bigint) =>
      rules.some(
        (r) =>
          r.syscall === "mmap" &&
          (r.when ?? []).every((p) => passes(p.test, p.arg === 2 ? prot : p.arg === 3 ? flags : 0n)),
      );
    const RW = constant("PROT_READ") | constant("PROT_WRITE");
    const RX = constant("PROT_READ") | constant("PROT_EXEC");
    const RWX = RW | constant("PROT_EXEC");
    const anon = constant("MAP_PRIVATE") | constant("MAP_ANONYMOUS");
    const file = constant("MAP_PRIVATE");
    expect(mmapAllows(stdio, RW, anon)).toBe(true);
    expect(mmapAllows(stdio, RX, file)).toBe(true); // ld.so loading libraries
    expect(mmapAllows(stdio, RX, anon)).toBe(false);
    expect(mmapAllows(stdio, RWX, file)).toBe(false);
    expect(someRuleAllows(stdio, "mprotect", 2, RX)).toBe(false);
    const jit = rulesFor(["stdio", "prot_exec"], "x86_64");
    expect(mmapAllows(jit, RWX, anon)).toBe(true);
    expect(someRuleAllows(jit, "mprotect", 2, RX)).toBe(true);
  });

  it("allows clone only with glibc's thread or fork flags, never namespaces", () => {
    expect(THREAD_CLONE_FLAGS).toBe(0x3d0f00n);
    expect(FORK_CLONE_FLAGS).toBe(0x01200011n);
    const thread = rulesFor(["stdio", "thread"], "x86_64");
    expect(someRuleAllows(thread, "clone", 0, THREAD_CLONE_FLAGS)).toBe(true);
    expect(someRuleAllows(thread, "clone", 0, FORK_CLONE_FLAGS)).toBe(false);
    const both = rulesFor(PROMISE_NAMES, "x86_64");
    for (const ns of ["CLONE_NEWUSER", "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWNET", "CLONE_PTRACE"] as const) {
      expect(someRuleAllows(both, "clone", 0, THREAD_CLONE_FLAGS | constant(ns)), ns).toBe(false);
      expect(someRuleAllows(both, "clone", 0, FORK_CLONE_FLAGS | constant(ns)), ns).toBe(false);
    }
  });

  it("answers clone3 and io_uring with ENOSYS in every profile", () => {
    for (const promises of [[], ["stdio"], PROMISE_NAMES] as PromiseName[][]) {
      const rules = rulesFor(promises, "x86_64");
      for (const s of ["clone3", "io_uring_setup", "io_uring_enter", "io_uring_register"]) {
        const mine = rules.filter((r) => r.syscall === s);
        expect(mine, s).toEqual([expect.objectContaining({ action: { kind: "errno", errno: 38 } })]);
      }
    }
    for (const g of Object.values(PROMISES)) {
      expect(g.rules.some((r) => r.syscall === "clone3" || r.syscall.startsWith("io_uring"))).toBe(false);
    }
  });

  it("opens read-only under rpath, and creates only under cpath/tmppath", () => {
    const r = rulesFor(["rpath"], "x86_64");
    const O_RDONLY = constant("O_RDONLY");
    const O_CLOEXEC = constant("O_CLOEXEC");
    const O_DIRECTORY = constant("O_DIRECTORY");
    expect(someRuleAllows(r, "openat", 2, O_RDONLY | O_CLOEXEC | O_DIRECTORY)).toBe(true);
    expect(someRuleAllows(r, "openat", 2, constant("O_WRONLY"))).toBe(false);
    expect(someRuleAllows(r, "openat", 2, constant("O_RDWR"))).toBe(false);
    expect(someRuleAllows(r, "openat", 2, O_RDONLY | constant("O_TRUNC"))).toBe(false);
    expect(someRuleAllows(r, "openat", 2, O_RDONLY | constant("O_CREAT"))).toBe(false);
    expect(someRuleAllows(r, "openat", 2, constant("O_TMPFILE") | constant("O_RDWR"))).toBe(false);
    const w = rulesFor(["wpath"], "x86_64");
    expect(someRuleAllows(w, "openat", 2, constant("O_WRONLY") | constant("O_TRUNC"))).toBe(true);
    expect(someRuleAllows(w, "openat", 2, constant("O_WRONLY") | constant("O_CREAT"))).toBe(false);
    const cw = rulesFor(["rpath", "cpath"], "x86_64");
    expect(cw.filter((x) => x.syscall === "openat").map((x) => x.when)).toEqual([undefined]);
  });

  it("uses only open-flag bits that are the same on x86_64 and aarch64", () => {
    for (const name of ["O_ACCMODE", "O_RDONLY", "O_CREAT", "O_TRUNC", "__O_TMPFILE"] as const) {
      expect(constant(name, "aarch64"), name).toBe(constant(name, "x86_64"));
    }
  });

  it("restricts sockets to the promised families", () => {
    const inet = rulesFor(["inet"], "x86_64");
    const sock = (rules: Rule[], domain: ConstantName, type: bigint, proto = 0n) =>
      rules.some(
        (r) =>
          r.syscall === "socket" &&
          (r.when ?? []).every((p) => passes(p.test, p.arg === 0 ? constant(domain) : p.arg === 1 ? type : proto)),
      );
    const STREAM = constant("SOCK_STREAM");
    const CLOEXEC = constant("SOCK_CLOEXEC");
    expect(sock(inet, "AF_INET", STREAM | CLOEXEC)).toBe(true);
    expect(sock(inet, "AF_INET6", constant("SOCK_DGRAM") | constant("SOCK_NONBLOCK") | CLOEXEC)).toBe(true);
    expect(sock(inet, "AF_INET", constant("SOCK_RAW"))).toBe(false);
    expect(sock(inet, "AF_PACKET", STREAM)).toBe(false);
    expect(sock(inet, "AF_NETLINK", constant("SOCK_DGRAM"))).toBe(false);
    expect(sock(inet, "AF_UNIX", STREAM)).toBe(false);
    expect(sock(inet, "AF_INET", constant("SOCK_DGRAM"), constant("IPPROTO_ICMP"))).toBe(false);
    const unix = rulesFor(["unix"], "x86_64");
    expect(sock(unix, "AF_UNIX", STREAM | CLOEXEC)).toBe(true);
    expect(sock(unix, "AF_INET", STREAM)).toBe(false);
    expect(rulesFor(["stdio"], "x86_64").some((r) => r.syscall === "socket")).toBe(false);
  });

  it("signals only itself under stdio, and only when the pid is known", () => {
    expect(rulesFor(["stdio"], "x86_64").some((r) => r.syscall === "kill" || r.syscall === "tgkill")).toBe(false);
    const rules = rulesFor(["stdio"], "x86_64", { selfPid: 4242 });
    expect(someRuleAllows(rules, "kill", 0, 4242n)).toBe(true);
    expect(someRuleAllows(rules, "kill", 0, 0n)).toBe(false);
    expect(someRuleAllows(rules, "kill", 0, BigInt.asUintN(64, -1n))).toBe(false);
    expect(someRuleAllows(rules, "tgkill", 0, 4242n)).toBe(true);
    expect(someRuleAllows(rules, "tgkill", 0, 1n)).toBe(false);
    // proc allows signalling others; its unconditional rule replaces the pinned one.
    const proc = rulesFor(["stdio", "proc"], "x86_64", { selfPid: 4242 });
    expect(proc.filter((r) => r.syscall === "kill").map((r) => r.when)).toEqual([undefined]);
  });
});

describe("rulesFor", () => {
  it("lets an unconditional allow win over argument-checked variants", () => {
    const rules = rulesFor(["stdio", "cpath"], "x86_64");
    const openat = rules.filter((r) => r.syscall === "openat");
    expect(openat).toHaveLength(1);
    expect(openat[0]?.when).toBeUndefined();
    // Same outcome whatever the order of the promises.
    const reversed = rulesFor(["cpath", "stdio", "rpath"], "x86_64").filter((r) => r.syscall === "openat");
    expect(reversed).toEqual(openat);
  });

  it("concatenates argument-checked rules from different groups", () => {
    const fcntl = rulesFor(["stdio", "flock"], "x86_64").filter((r) => r.syscall === "fcntl");
    expect(fcntl).toHaveLength(2);
    const openat = rulesFor(["rpath", "wpath"], "x86_64").filter((r) => r.syscall === "openat");
    expect(openat).toHaveLength(2);
  });

  it("drops duplicates and unknown-on-arch syscalls", () => {
    const twice = rulesFor(["rpath", "rpath", "wpath"], "x86_64");
    const names = twice.filter((r) => r.when === undefined && r.action.kind === "allow").map((r) => r.syscall);
    expect(new Set(names).size).toBe(names.length);
    const arm = rulesFor(PROMISE_NAMES, "aarch64", { selfPid: 7 });
    for (const gone of ["open", "stat", "lstat", "fork", "vfork", "pipe", "poll", "arch_prctl", "dup2", "creat"]) {
      expect(
        arm.some((r) => r.syscall === gone),
        gone,
      ).toBe(false);
    }
    for (const r of arm) expect(syscallNumber("aarch64", r.syscall), r.syscall).toBeDefined();
    expect(arm.some((r) => r.syscall === "openat")).toBe(true);
    expect(arm.some((r) => r.syscall === "clone3")).toBe(true);
  });

  it("puts ALWAYS_DENIED answers after the groups, so stdio's getrlimit still works", () => {
    const rules = rulesFor(["stdio"], "x86_64");
    const p = rules.filter((r) => r.syscall === "prlimit64");
    expect(p.map((r) => r.action.kind)).toEqual(["allow", "errno"]);
    expect(p[1]?.action).toEqual({ kind: "errno", errno: 1 });
    expect(rules.slice(-ALWAYS_DENIED.length).map((r) => r.syscall)).toEqual(ALWAYS_DENIED.map((r) => r.syscall));
  });

  it("rejects unknown promises and bad pids", () => {
    expect(() => rulesFor(["stdoi" as PromiseName], "x86_64")).toThrow(/unknown promise/);
    expect(() => rulesFor(["stdio"], "x86_64", { selfPid: 0 })).toThrow(/bad pid/);
  });

  it("gives every non-obvious rule a why", () => {
    for (const r of allRules()) {
      if (r.when !== undefined && r.when.length > 0) expect(r.why, r.syscall).toBeTruthy();
      if (r.action.kind !== "allow") expect(r.why, r.syscall).toBeTruthy();
    }
  });
});
