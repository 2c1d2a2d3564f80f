// Every host's default filter, compiled as the launcher compiles it (launcher
// rules, the host's rules, its promises, its hot-syscall order), checked
// against the kernel's action-cache emulation (@hsandbox/bpf cache-bitmap.ts):
// each syscall the policy allows with no argument test is answered from the
// kernel's bitmap, i.e. no argument is loaded before dispatch on its path; and
// nothing in the bitmap is refused for any argument values.
import { join } from "node:path";
import {
  type Action,
  AUDIT_ARCH,
  compile,
  constAllowSet,
  killProcess,
  type Rule,
  run,
  SECCOMP_RET_ALLOW,
  type SeccompData,
  syscallNames,
  syscallNumber,
} from "@hsandbox/bpf";
import { allRules, type HostProfile, parseCommandLine, planSeccomp } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import { hosts } from "../workspace.mjs";

const ARCH = "x86_64";
const NUMBERS = syscallNames(ARCH).map((n) => syscallNumber(ARCH, n) as number);
const EXEC_PATH = 0x7ffd_1234_5000n;

function unconditional(rules: readonly Rule[], dflt: Action): number[] {
  const first = new Map<number, Rule>();
  for (const r of rules) {
    const n = syscallNumber(ARCH, r.syscall) as number;
    if (!first.has(n)) first.set(n, r);
  }
  return NUMBERS.filter((n) => {
    const r = first.get(n);
    const action = r === undefined ? dflt : (r.when?.length ?? 0) === 0 ? r.action : undefined;
    return action?.kind === "allow";
  });
}

const ARGS: bigint[][] = [
  [0n, 0n, 0n, 0n, 0n, 0n],
  [(1n << 64n) - 1n, 1n, 0x7fffn, 0xdead_beefn, 1n << 40n, 3n],
];

describe.each(
  hosts().map((h) => [h.name, h.dir] as const),
)("%s's default filter and the kernel's action cache", (name, dir) => {
  it("answers every unconditionally allowed syscall from the bitmap, and only those that are always allowed", async () => {
    const profile = (await import(join(dir, "src", "profile.ts"))).default as HostProfile;
    // The default launch's seccomp plan, as the planner makes it (no flags).
    const rules = allRules(planSeccomp(profile, parseCommandLine(["x"]).options, []), EXEC_PATH, ARCH, 4242);
    const program = compile(rules, {
      arch: ARCH,
      defaultAction: killProcess,
      frequencyOrder: profile.hotSyscalls ?? [],
    });
    const constant = constAllowSet(program, AUDIT_ARCH[ARCH], NUMBERS);
    const want = unconditional(rules, killProcess);
    expect(want.length, `${name} allows something unconditionally`).toBeGreaterThan(10);
    expect(want.filter((n) => !constant.has(n))).toEqual([]);
    for (const n of constant) {
      for (const args of ARGS) {
        const data: SeccompData = {
          nr: n,
          arch: AUDIT_ARCH[ARCH],
          instructionPointer: 0n,
          args: args as unknown as SeccompData["args"],
        };
        expect(run(program, data) >>> 0, `${name}: nr ${n}`).toBe(SECCOMP_RET_ALLOW);
      }
    }
  });
});
