// Core names kernel ABI values, it never writes them: these tests hold that
// for both architectures the packages declare (x64 → x86_64, arm64 → aarch64).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Arch, type ConstantName, constant, syscallNumber } from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { archOf, CORE_SYSCALLS, errno, k, sysnr } from "./kernel.js";

const ARCHES: readonly Arch[] = ["x86_64", "aarch64"];
const SRC = import.meta.dirname;

/** Every non-test source file of core, with its text. */
function sources(dir = SRC): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    if (!e.name.endsWith(".ts") || e.name.endsWith(".test.ts")) return [];
    return [{ file: p.slice(SRC.length + 1), text: readFileSync(p, "utf8") }];
  });
}

describe("kernel ABI in core", () => {
  it("maps the package.json cpu names to table names", () => {
    const pkg = JSON.parse(readFileSync(join(SRC, "..", "package.json"), "utf8")) as { cpu?: string[] };
    for (const cpu of pkg.cpu ?? []) expect(archOf(cpu), cpu).toBeDefined();
    expect(archOf("x64")).toBe("x86_64");
    expect(archOf("arm64")).toBe("aarch64");
    expect(archOf("ia32")).toBeUndefined();
  });

  it.each(ARCHES)("resolves every syscall core calls on %s", (arch) => {
    for (const name of CORE_SYSCALLS) {
      expect(syscallNumber(arch, name), `${name} on ${arch}`).toBeTypeOf("number");
      expect(sysnr(name, arch)).toBe(syscallNumber(arch, name));
    }
  });

  it("takes seccomp's number from the running arch's table (317 is x86_64 only)", () => {
    expect(sysnr("seccomp", "x86_64")).toBe(317);
    expect(sysnr("seccomp", "aarch64")).toBe(277);
  });

  it("every syscall(2) call site in core takes its number from sysnr()", () => {
    const bad: string[] = [];
    for (const { file, text } of sources()) {
      if (file === "raw-syscall.ts") continue; // test-only raw entry: callers pass table numbers
      // The typed syscall(2) bindings in ffi.ts are named sys<Shape>(nr, ...).
      for (const m of text.matchAll(/\.sys[A-Z][A-Za-z0-9]*\(\s*([^,]+),/g)) {
        if (!m[1]!.startsWith("sysnr(")) bad.push(`${file}: ${m[0]}`);
      }
      for (const m of text.matchAll(/\bconst\s+(SYS_\w+|__NR_\w+)\s*=/g)) bad.push(`${file}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });

  it.each(ARCHES)("every constant and errno core names exists on %s", (arch) => {
    const names = new Set<string>();
    const errnos = new Set<string>();
    for (const { text } of sources()) {
      for (const m of text.matchAll(/\bk\("([A-Za-z_0-9]+)"\)/g)) names.add(m[1]!);
      for (const m of text.matchAll(/\berrno\("([A-Z0-9]+)"\)/g)) errnos.add(m[1]!);
    }
    expect(names.size).toBeGreaterThan(20);
    for (const n of names) expect(() => constant(n as ConstantName, arch), n).not.toThrow();
    for (const e of errnos) expect(errno(e)).toBeGreaterThan(0);
  });

  it("refuses unknown names instead of returning 0", () => {
    // @ts-expect-error a misspelt name does not compile; at run time it throws
    expect(() => k("PR_SET_NO_NEW_PRIVZ")).toThrow(/unknown constant/);
    expect(() => errno("EWHAT")).toThrow(/unknown errno/);
    expect(k("PR_SET_NO_NEW_PRIVS")).toBe(38);
    expect(k("SECCOMP_IOCTL_NOTIF_RECV")).toBe(0xc0502100);
  });
});
