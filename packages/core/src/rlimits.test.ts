import { describe, expect, it } from "vitest";
import { UsageError } from "./errors.js";
import {
  formatRlimitValue,
  parseRlimitAssignment,
  parseRlimitValue,
  planRlimits,
  RLIM_INFINITY,
  RLIMIT_NAMES,
} from "./rlimits.js";

describe("rlimit values", () => {
  it("parses numbers with binary suffixes", () => {
    expect(parseRlimitValue("as", "0")).toEqual({ kind: "set", value: 0n });
    expect(parseRlimitValue("as", "64M")).toEqual({ kind: "set", value: 64n << 20n });
    expect(parseRlimitValue("as", "2g")).toEqual({ kind: "set", value: 2n << 30n });
    expect(parseRlimitValue("as", "1T")).toEqual({ kind: "set", value: 1n << 40n });
    expect(parseRlimitValue("nofile", " 32 ")).toEqual({ kind: "set", value: 32n });
  });
  it("knows unlimited and inherit", () => {
    expect(parseRlimitValue("cpu", "unlimited")).toEqual({ kind: "set", value: RLIM_INFINITY });
    expect(parseRlimitValue("cpu", "inherit")).toEqual({ kind: "inherit" });
  });
  it.each(["", "-1", "1.5", "12X", "0x10", "M", "ten", "1 M"])("refuses %j", (bad) => {
    expect(() => parseRlimitValue("as", bad)).toThrow(UsageError);
  });
  it("refuses values that collide with RLIM_INFINITY", () => {
    expect(() => parseRlimitValue("as", "18446744073709551615")).toThrow(/too large/);
  });
  it("formats values back", () => {
    expect(formatRlimitValue({ kind: "set", value: 64n << 20n })).toBe("64M");
    expect(formatRlimitValue({ kind: "set", value: 3n })).toBe("3");
    expect(formatRlimitValue({ kind: "set", value: RLIM_INFINITY })).toBe("unlimited");
    expect(formatRlimitValue({ kind: "inherit" })).toBe("inherited");
  });
});

describe("-r NAME=VALUE", () => {
  it("parses an assignment", () => {
    expect(parseRlimitAssignment("CPU=10")).toEqual(["cpu", { kind: "set", value: 10n }]);
  });
  it("refuses unknown names and missing =", () => {
    expect(() => parseRlimitAssignment("bogus=1")).toThrow(/unknown rlimit 'bogus'/);
    expect(() => parseRlimitAssignment("cpu")).toThrow(/bad -r value/);
    expect(() => parseRlimitAssignment("=1")).toThrow(/bad -r value/);
  });
});

describe("planRlimits", () => {
  const defaults = Object.fromEntries(RLIMIT_NAMES.map((n) => [n, { value: "0", why: `no ${n}` }])) as Parameters<
    typeof planRlimits
  >[0];
  it("uses the defaults with their reasons", () => {
    const p = planRlimits(defaults, [], false);
    expect(p.cpu).toEqual({ value: { kind: "set", value: 0n }, source: "default: no cpu" });
  });
  it("-R inherits everything, -r overrides one", () => {
    const p = planRlimits(defaults, [["cpu", { kind: "set", value: 7n }]], true);
    expect(p.as.value).toEqual({ kind: "inherit" });
    expect(p.cpu).toEqual({ value: { kind: "set", value: 7n }, source: "-r cpu" });
  });
});
