import { describe, expect, it } from "vitest";
import { nearestPackageJson } from "./package-scope.js";

const fs = (files: string[]) => (p: string) => files.includes(p);

describe("nearestPackageJson", () => {
  it("finds the first package.json walking up", () => {
    expect(nearestPackageJson("/a/b/c", fs(["/a/package.json", "/package.json"]))).toBe("/a/package.json");
    expect(nearestPackageJson("/a/b/c", fs(["/a/b/c/package.json", "/a/package.json"]))).toBe("/a/b/c/package.json");
  });
  it("returns undefined when there is none", () => {
    expect(nearestPackageJson("/a/b", fs([]))).toBeUndefined();
  });
  it("stops at node_modules, like node's package scope lookup", () => {
    expect(nearestPackageJson("/p/node_modules/x/lib", fs(["/p/package.json"]))).toBeUndefined();
    expect(nearestPackageJson("/p/node_modules/x/lib", fs(["/p/node_modules/x/package.json", "/p/package.json"]))).toBe(
      "/p/node_modules/x/package.json",
    );
  });
});
