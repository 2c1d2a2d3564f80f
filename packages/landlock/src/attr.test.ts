import { describe, expect, it } from "vitest";
import { abiVersion } from "./abi.js";
import { AccessFs, type FsAccess } from "./access-fs.js";
import { AccessNet, type NetAccess } from "./access-net.js";
import {
  encodeNetPortAttr,
  encodePathBeneathAttr,
  encodeRulesetAttr,
  LANDLOCK_CREATE_RULESET_ERRATA,
  LANDLOCK_CREATE_RULESET_VERSION,
  LANDLOCK_RULE_NET_PORT,
  LANDLOCK_RULE_PATH_BENEATH,
  rulesetAttrSize,
} from "./attr.js";
import type { Scope } from "./scope.js";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("struct encoders", () => {
  it("constants", () => {
    expect(LANDLOCK_CREATE_RULESET_VERSION).toBe(1);
    expect(LANDLOCK_CREATE_RULESET_ERRATA).toBe(2);
    expect(LANDLOCK_RULE_PATH_BENEATH).toBe(1);
    expect(LANDLOCK_RULE_NET_PORT).toBe(2);
  });

  it("landlock_ruleset_attr grows with the ABI: 8, 16, 24 bytes", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => rulesetAttrSize(abiVersion(a)))).toEqual([8, 8, 8, 16, 16, 24, 24]);
    const attr = { handledFs: 0x1fffn as FsAccess, handledNet: 3n as NetAccess, scoped: 2n as Scope };
    expect(hex(encodeRulesetAttr({ ...attr, handledNet: 0n as NetAccess, scoped: 0n as Scope }, abiVersion(3)))).toBe(
      "ff1f000000000000",
    );
    expect(hex(encodeRulesetAttr({ ...attr, scoped: 0n as Scope }, abiVersion(4)))).toBe(
      "ff1f0000000000000300000000000000",
    );
    expect(hex(encodeRulesetAttr(attr, abiVersion(7)))).toBe(
      "ff1f000000000000" + "0300000000000000" + "0200000000000000",
    );
  });

  it("refuses fields the ABI lacks instead of silently dropping them", () => {
    expect(() =>
      encodeRulesetAttr({ handledFs: 1n as FsAccess, handledNet: 1n as NetAccess, scoped: 0n as Scope }, abiVersion(3)),
    ).toThrow(/ABI 4/);
    expect(() =>
      encodeRulesetAttr({ handledFs: 1n as FsAccess, handledNet: 0n as NetAccess, scoped: 1n as Scope }, abiVersion(5)),
    ).toThrow(/ABI 6/);
  });

  it("landlock_path_beneath_attr is packed: 12 bytes, s32 fd little-endian", () => {
    const b = encodePathBeneathAttr((AccessFs.READ_FILE | AccessFs.EXECUTE) as FsAccess, 3);
    expect(b.length).toBe(12);
    expect(hex(b)).toBe("0500000000000000" + "03000000");
    expect(hex(encodePathBeneathAttr(AccessFs.REFER, -1)).slice(16)).toBe("ffffffff");
    expect(() => encodePathBeneathAttr(AccessFs.REFER, 2 ** 31)).toThrow(RangeError);
  });

  it("landlock_net_port_attr: u64 access, u64 port in host order", () => {
    const b = encodeNetPortAttr(AccessNet.CONNECT_TCP, 443);
    expect(b.length).toBe(16);
    expect(hex(b)).toBe("0200000000000000" + "bb01000000000000");
    expect(() => encodeNetPortAttr(AccessNet.BIND_TCP, 65536)).toThrow(RangeError);
    expect(() => encodeNetPortAttr(AccessNet.BIND_TCP, -1)).toThrow(RangeError);
  });
});
