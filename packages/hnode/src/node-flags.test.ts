import { describe, expect, it } from "vitest";
import {
  hasPermissionModel,
  nodeArgv,
  oldSpaceMiB,
  parseNodeVersion,
  permissionFlags,
  wasmFlags,
} from "./node-flags.js";

describe("parseNodeVersion", () => {
  it("reads node --version output", () => {
    expect(parseNodeVersion("v20.20.2\n")).toEqual({ major: 20, minor: 20, patch: 2 });
    expect(parseNodeVersion("22.1.0")).toEqual({ major: 22, minor: 1, patch: 0 });
    expect(parseNodeVersion("garbage")).toBeUndefined();
  });
});

describe("hasPermissionModel", () => {
  it("is on only for the measured line (20.20+ of major 20)", () => {
    expect(hasPermissionModel(parseNodeVersion("v20.20.2"))).toBe(true);
    expect(hasPermissionModel(parseNodeVersion("v20.19.0"))).toBe(false);
    expect(hasPermissionModel(parseNodeVersion("v18.20.0"))).toBe(false);
    expect(hasPermissionModel(parseNodeVersion("v24.0.0"))).toBe(false);
    expect(hasPermissionModel(undefined)).toBe(false);
  });
});

describe("oldSpaceMiB", () => {
  it("is half the address space, at least 64 MiB, none when unlimited", () => {
    expect(oldSpaceMiB(2n << 30n)).toBe(1024);
    expect(oldSpaceMiB(100n << 20n)).toBe(64);
    expect(oldSpaceMiB(undefined)).toBeUndefined();
    expect(oldSpaceMiB(0xffff_ffff_ffff_ffffn)).toBeUndefined();
  });
});

describe("wasmFlags", () => {
  it("drops the trap handler's guard regions under an address-space limit, on the measured line only", () => {
    const v = parseNodeVersion("v20.20.2");
    expect(wasmFlags(v, 2n << 30n)).toEqual(["--disable-wasm-trap-handler"]);
    expect(wasmFlags(v, undefined)).toEqual([]);
    expect(wasmFlags(parseNodeVersion("v20.10.0"), 2n << 30n)).toEqual([]);
    expect(wasmFlags(undefined, 2n << 30n)).toEqual([]);
  });
});

const base = {
  boot: "/pkg/boot/boot.cjs",
  scriptPaths: ["/w/link.js", "/w/real.js"],
  extraReads: ["/w/package.json"],
  userGrants: [],
  exec: false,
};

describe("permissionFlags", () => {
  it("mirrors the read grants, one flag per path (commas stay in the path)", () => {
    const f = permissionFlags({
      ...base,
      userGrants: [
        { path: "/w", rights: ["read"], reason: "-s" },
        { path: "/tmp", rights: ["read", "write"], reason: "-t" },
        { path: "/a,b", rights: ["read"], reason: "--allow-read" },
      ],
    });
    expect(f).toEqual([
      "--experimental-permission",
      "--disable-warning=ExperimentalWarning",
      "--allow-fs-read=/pkg/boot/boot.cjs",
      "--allow-fs-read=/w/link.js",
      "--allow-fs-read=/w/real.js",
      "--allow-fs-read=/w/package.json",
      "--allow-fs-read=/w",
      "--allow-fs-read=/tmp",
      "--allow-fs-read=/a,b",
      "--allow-fs-write=/tmp",
    ]);
  });
  it("never allows workers; allows child processes only with -x", () => {
    expect(permissionFlags(base).some((f) => f.startsWith("--allow-worker"))).toBe(false);
    expect(permissionFlags(base)).not.toContain("--allow-child-process");
    const x = permissionFlags({
      ...base,
      exec: true,
      userGrants: [{ path: "/w", rights: ["read", "exec"], reason: "-x" }],
    });
    expect(x).toContain("--allow-child-process");
    expect(x).toContain("--allow-fs-read=/w");
  });
});

describe("nodeArgv", () => {
  const a = { ...base, interpreter: "/usr/bin/node", script: "/w/link.js", args: ["-x", "--", "y"] };
  it("puts the script as node's main module after --require boot and --", () => {
    const argv = nodeArgv({ ...a, version: parseNodeVersion("v20.20.2"), permission: true, addressSpace: 2n << 30n });
    expect(argv[0]).toBe("/usr/bin/node");
    expect(argv[1]).toBe("--no-addons");
    expect(argv[2]).toBe("--max-old-space-size=1024");
    expect(argv[3]).toBe("--disable-wasm-trap-handler");
    expect(argv.slice(-7)).toEqual(["--require", "/pkg/boot/boot.cjs", "--", "/w/link.js", "-x", "--", "y"]);
    expect(argv.indexOf("--")).toBe(argv.indexOf("/w/link.js") - 1);
    expect(argv).toContain("--experimental-permission");
  });
  it("leaves the permission model out when asked or when the version lacks it", () => {
    expect(nodeArgv({ ...a, version: parseNodeVersion("v20.20.2"), permission: false })).not.toContain(
      "--experimental-permission",
    );
    expect(nodeArgv({ ...a, version: parseNodeVersion("v18.0.0"), permission: true })).not.toContain(
      "--experimental-permission",
    );
    expect(nodeArgv({ ...a, version: undefined, permission: true })).toEqual([
      "/usr/bin/node",
      "--no-addons",
      "--require",
      "/pkg/boot/boot.cjs",
      "--",
      "/w/link.js",
      "-x",
      "--",
      "y",
    ]);
  });
});
