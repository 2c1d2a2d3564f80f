import type { LaunchContext } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import { cpuLimitTrap } from "./cpu-message.js";

const withCpu = (value: { kind: "set"; value: bigint } | { kind: "inherit" }) =>
  ({ rlimits: { cpu: { value, source: "test" } } }) as unknown as Pick<LaunchContext, "rlimits">;

describe("hsh -i: the CPU limit's message", () => {
  it("names the limit and the flag, then lets SIGXCPU end the shell", () => {
    const trap = cpuLimitTrap(withCpu({ kind: "set", value: 5n }));
    expect(trap).toBe(
      `trap 'trap - XCPU; echo "hsh: CPU limit reached (5 s); -r cpu=N raises it" >&2; kill -XCPU $$' XCPU; `,
    );
  });
  it("says nothing without a limit", () => {
    expect(cpuLimitTrap(withCpu({ kind: "inherit" }))).toBe("");
    expect(cpuLimitTrap(withCpu({ kind: "set", value: 0xffff_ffff_ffff_ffffn }))).toBe("");
    expect(cpuLimitTrap({})).toBe("");
  });
});
