import { planRlimits, type RlimitName, type RlimitValue } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import { memoryLimitArg } from "./memory-limit.js";
import profile from "./profile.js";

const plan = (overrides: [RlimitName, RlimitValue][] = [], inherit = false) =>
  planRlimits(profile.rlimits, overrides, inherit);
const M = (n: number): RlimitValue => ({ kind: "set", value: BigInt(n) << 20n });
const unlimited: RlimitValue = { kind: "set", value: 0xffff_ffff_ffff_ffffn };

describe("memoryLimitArg: which -r flag a memory error names", () => {
  it("the address space with hlua's defaults (as = data: as counts more, so it binds first)", () => {
    expect(memoryLimitArg(plan())).toBe("as=256M");
  });
  it("the data limit when it is the lower one, or the only one", () => {
    expect(memoryLimitArg(plan([["data", M(128)]]))).toBe("data=128M");
    expect(memoryLimitArg(plan([["as", unlimited]]))).toBe("data=256M");
    expect(memoryLimitArg(plan([["as", { kind: "inherit" }]]))).toBe("data=256M");
  });
  it("the address space when it is the lower one", () => {
    expect(memoryLimitArg(plan([["data", M(1024)]]))).toBe("as=256M");
    expect(memoryLimitArg(plan([["as", { kind: "set", value: 100_000n }]]))).toBe("as=100000");
  });
  it("none with -R or both unlimited", () => {
    expect(memoryLimitArg(plan([], true))).toBe("none");
    expect(
      memoryLimitArg(
        plan([
          ["as", unlimited],
          ["data", unlimited],
        ]),
      ),
    ).toBe("none");
    expect(memoryLimitArg(undefined)).toBe("none");
  });
});
