import { describe, expect, it } from "vitest";
import { ALL_ABIS, abiVersion, kernelAbiFromVersion, LATEST_ABI } from "./abi.js";
import {
  AccessFs,
  ALL_FS,
  DIR_ONLY_RIGHTS,
  FILE_RIGHTS,
  FS_RIGHT_ABI,
  fsAccess,
  fsRightsForAbi,
  READ,
  READ_EXEC,
  rightNames,
  WRITE,
} from "./access-fs.js";
import { AccessNet, netRightNames, netRightsForAbi } from "./access-net.js";
import { isSubset, union, without } from "./mask.js";
import { RestrictSelf, restrictSelfFlagsForAbi } from "./restrict-self.js";
import { Scopes, scopeNames, scopesForAbi } from "./scope.js";

describe("access rights match the upstream UAPI (include/uapi/linux/landlock.h)", () => {
  it("filesystem rights are bits 0..15 in header order", () => {
    const expected: [keyof typeof AccessFs, bigint][] = [
      ["EXECUTE", 1n << 0n],
      ["WRITE_FILE", 1n << 1n],
      ["READ_FILE", 1n << 2n],
      ["READ_DIR", 1n << 3n],
      ["REMOVE_DIR", 1n << 4n],
      ["REMOVE_FILE", 1n << 5n],
      ["MAKE_CHAR", 1n << 6n],
      ["MAKE_DIR", 1n << 7n],
      ["MAKE_REG", 1n << 8n],
      ["MAKE_SOCK", 1n << 9n],
      ["MAKE_FIFO", 1n << 10n],
      ["MAKE_BLOCK", 1n << 11n],
      ["MAKE_SYM", 1n << 12n],
      ["REFER", 1n << 13n],
      ["TRUNCATE", 1n << 14n],
      ["IOCTL_DEV", 1n << 15n],
    ];
    for (const [name, bit] of expected) expect(AccessFs[name], name).toBe(bit);
    expect(Object.keys(AccessFs)).toEqual(expected.map(([n]) => n));
    expect(ALL_FS).toBe((1n << 16n) - 1n);
  });

  it("network rights, scopes and restrict_self flags", () => {
    expect([AccessNet.BIND_TCP, AccessNet.CONNECT_TCP]).toEqual([1n, 2n]);
    expect([Scopes.ABSTRACT_UNIX_SOCKET, Scopes.SIGNAL]).toEqual([1n, 2n]);
    expect([RestrictSelf.LOG_SAME_EXEC_OFF, RestrictSelf.LOG_NEW_EXEC_ON, RestrictSelf.LOG_SUBDOMAINS_OFF]).toEqual([
      1n,
      2n,
      4n,
    ]);
  });

  it("each ABI adds exactly its features", () => {
    const v1 = (1n << 13n) - 1n;
    const fsByAbi = [0n, v1, v1 | AccessFs.REFER, v1 | AccessFs.REFER | AccessFs.TRUNCATE];
    fsByAbi.push(fsByAbi[3]!, ALL_FS, ALL_FS, ALL_FS);
    for (let abi = 0; abi <= 7; abi++) {
      const k = abi === 0 ? 0 : abiVersion(abi);
      expect(fsRightsForAbi(k), `fs ABI ${abi}`).toBe(fsByAbi[abi]);
      expect(netRightsForAbi(k), `net ABI ${abi}`).toBe(abi >= 4 ? 3n : 0n);
      expect(scopesForAbi(k), `scope ABI ${abi}`).toBe(abi >= 6 ? 3n : 0n);
      expect(restrictSelfFlagsForAbi(k), `flags ABI ${abi}`).toBe(abi >= 7 ? 7n : 0n);
    }
    expect(FS_RIGHT_ABI.IOCTL_DEV).toBe(5);
  });
});

describe("bundles and names", () => {
  it("FILE_RIGHTS and DIR_ONLY_RIGHTS partition every right", () => {
    expect(FILE_RIGHTS).toBe(
      AccessFs.EXECUTE | AccessFs.WRITE_FILE | AccessFs.READ_FILE | AccessFs.TRUNCATE | AccessFs.IOCTL_DEV,
    );
    expect(FILE_RIGHTS & DIR_ONLY_RIGHTS).toBe(0n);
    expect(union(FILE_RIGHTS, DIR_ONLY_RIGHTS)).toBe(ALL_FS);
  });

  it("READ, READ_EXEC, WRITE", () => {
    expect(READ).toBe(AccessFs.READ_FILE | AccessFs.READ_DIR);
    expect(READ_EXEC).toBe(READ | AccessFs.EXECUTE);
    expect(rightNames(WRITE)).toEqual([
      "WRITE_FILE",
      "REMOVE_DIR",
      "REMOVE_FILE",
      "MAKE_CHAR",
      "MAKE_DIR",
      "MAKE_REG",
      "MAKE_SOCK",
      "MAKE_FIFO",
      "MAKE_BLOCK",
      "MAKE_SYM",
      "REFER",
      "TRUNCATE",
    ]);
    expect(isSubset(READ, READ_EXEC)).toBe(true);
    expect(without(READ_EXEC, READ)).toBe(AccessFs.EXECUTE);
  });

  it("names, with unknown bits shown in hex", () => {
    expect(rightNames(READ_EXEC)).toEqual(["EXECUTE", "READ_FILE", "READ_DIR"]);
    expect(rightNames(0n)).toEqual([]);
    expect(rightNames(AccessFs.EXECUTE | (1n << 40n))).toEqual(["EXECUTE", "0x10000000000"]);
    expect(netRightNames(3n)).toEqual(["BIND_TCP", "CONNECT_TCP"]);
    expect(scopeNames(Scopes.SIGNAL)).toEqual(["SIGNAL"]);
    expect(fsAccess("READ_FILE", "EXECUTE")).toBe(AccessFs.READ_FILE | AccessFs.EXECUTE);
    // biome-ignore lint/suspicious/noExplicitAny: checking the runtime guard
    expect(() => fsAccess("READ_EVERYTHING" as any)).toThrow(RangeError);
  });
});

describe("ABI versions", () => {
  it("abiVersion accepts 1..7 only", () => {
    expect(ALL_ABIS).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(LATEST_ABI).toBe(7);
    for (const bad of [0, 8, -1, 1.5, Number.NaN]) expect(() => abiVersion(bad)).toThrow(RangeError);
  });

  it("kernelAbiFromVersion maps errors to 0 and newer kernels to the newest known ABI", () => {
    expect(kernelAbiFromVersion(-38)).toBe(0);
    expect(kernelAbiFromVersion(0)).toBe(0);
    expect(kernelAbiFromVersion(3)).toBe(3);
    expect(kernelAbiFromVersion(9)).toBe(7);
  });
});
