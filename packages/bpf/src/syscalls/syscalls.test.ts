import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  generate,
  HEADER_PATHS,
  LATER_SYSCALLS,
  OUT_DIR,
  parseGeneric,
  preprocess,
  readHeaders,
} from "../../../../tools/gen-syscall-tables.mjs";
import { SYSCALL_SINCE, SYSCALL_TABLES, syscallName, syscallNames, syscallNumber } from "./index.js";

describe("syscall tables", () => {
  it.each([
    ["read", 0],
    ["write", 1],
    ["open", 2],
    ["execve", 59],
    ["clone", 56],
    ["fork", 57],
    ["openat", 257],
    ["newfstatat", 262],
    ["clone3", 435],
    ["landlock_create_ruleset", 444],
    ["landlock_restrict_self", 446],
    ["futex_waitv", 449],
    ["mseal", 462],
    ["file_setattr", 469],
  ])("x86_64 %s = %i", (name, nr) => {
    expect(syscallNumber("x86_64", name)).toBe(nr);
    expect(syscallName("x86_64", nr)).toBe(name);
  });

  it.each([
    ["io_setup", 0],
    ["fcntl", 25],
    ["ioctl", 29],
    ["renameat", 38],
    ["openat", 56],
    ["read", 63],
    ["newfstatat", 79],
    ["fstat", 80],
    ["exit_group", 94],
    ["getrlimit", 163],
    ["clone", 220],
    ["execve", 221],
    ["mmap", 222],
    ["fadvise64", 223],
    ["clone3", 435],
    ["landlock_create_ruleset", 444],
    ["memfd_secret", 447],
    ["cachestat", 451],
    ["file_getattr", 468],
  ])("aarch64 %s = %i", (name, nr) => {
    expect(syscallNumber("aarch64", name)).toBe(nr);
    expect(syscallName("aarch64", nr)).toBe(name);
  });

  it("aarch64 lacks the legacy non-at syscalls", () => {
    for (const name of [
      "open",
      "stat",
      "lstat",
      "fork",
      "vfork",
      "access",
      "pipe",
      "dup2",
      "poll",
      "select",
      "rename",
    ]) {
      expect(syscallNumber("aarch64", name), name).toBeUndefined();
    }
    // ... and the 32-bit names of the __NR3264 pairs.
    for (const name of ["fcntl64", "fstatat64", "mmap2", "llseek", "statfs64", "clock_gettime64"]) {
      expect(syscallNumber("aarch64", name), name).toBeUndefined();
    }
  });

  it("does not mistake Object.prototype members for syscalls", () => {
    expect(syscallNumber("x86_64", "constructor")).toBeUndefined();
    expect(syscallNumber("x86_64", "__proto__")).toBeUndefined();
    expect(syscallNumber("x86_64", "toString")).toBeUndefined();
  });

  it("is a bijection ordered by number", () => {
    for (const arch of ["x86_64", "aarch64"] as const) {
      const names = syscallNames(arch);
      expect(new Set(names).size).toBe(names.length);
      const nrs = names.map((n) => syscallNumber(arch, n) ?? -1);
      expect(nrs).toEqual([...nrs].sort((a, b) => a - b));
      expect(new Set(nrs).size).toBe(nrs.length);
      expect(Object.keys(SYSCALL_TABLES[arch]).length).toBe(names.length);
    }
  });

  it("x86_64 and the generic table agree from 424 on", () => {
    for (const name of syscallNames("aarch64")) {
      const nr = syscallNumber("aarch64", name) ?? 0;
      if (nr >= 424) expect(syscallNumber("x86_64", name), name).toBe(nr);
    }
  });

  it("records when post-6.1 syscalls appeared", () => {
    expect(SYSCALL_SINCE.x86_64.cachestat).toBe("6.5");
    expect(SYSCALL_SINCE.aarch64.mseal).toBe("6.10");
    expect(SYSCALL_SINCE.x86_64.uretprobe).toBe("6.11");
    expect(SYSCALL_SINCE.aarch64.uretprobe).toBeUndefined();
    for (const s of LATER_SYSCALLS) {
      for (const arch of s.arches) expect(syscallNumber(arch, s.name), `${arch} ${s.name}`).toBe(s.nr);
    }
  });
});

describe("generator", () => {
  it("evaluates #if/#ifdef/#elif/#else like the C preprocessor", () => {
    const text = [
      "#define A 1",
      "#if defined(B) || __BITS_PER_LONG != 32",
      "#define __NR_x 1",
      "#elif 1",
      "#define __NR_wrong 9",
      "#else",
      "#define __NR_wrong 8",
      "#endif",
      "#ifdef B",
      "#define __NR_b 2",
      "#else",
      "#define __NR_notb 3",
      "#ifndef A",
      "#define __NR_wrong 7",
      "#endif",
      "#endif",
      "#define __NR3264_y 4",
      "#define __NR_y __NR3264_y",
    ].join("\n");
    const macros = preprocess(text, { __BITS_PER_LONG: "64" });
    expect(macros.has("__NR_wrong")).toBe(false);
    expect(parseGeneric(text, { __BITS_PER_LONG: "64" })).toEqual(
      new Map([
        ["x", 1],
        ["notb", 3],
        ["y", 4],
      ]),
    );
  });

  const haveHeaders = existsSync(HEADER_PATHS.x86_64) && existsSync(HEADER_PATHS.generic);

  it.skipIf(!haveHeaders)("is deterministic and matches the committed tables", () => {
    const headers = readHeaders();
    const a = generate(headers);
    const b = generate(readHeaders());
    expect(b).toEqual(a);
    for (const [name, content] of Object.entries(a)) {
      expect(readFileSync(join(OUT_DIR, name), "utf8"), `${name} is stale: run node tools/gen-syscall-tables.mjs`).toBe(
        content,
      );
    }
  });
});
