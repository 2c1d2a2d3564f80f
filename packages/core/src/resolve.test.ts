import { describe, expect, it } from "vitest";
import { pathDirs, which } from "./resolve.js";

describe("PATH lookup", () => {
  it("splits PATH, passing over empty entries; unset means execvp's default", () => {
    expect(pathDirs("/a::/b:")).toEqual(["/a", "/b"]);
    expect(pathDirs(undefined)).toEqual(["/usr/local/bin", "/usr/bin", "/bin"]);
    expect(pathDirs("")).toEqual([]);
  });

  it("finds the first accepted dir/name, from a PATH value or a list of directories", () => {
    const files = new Set(["/b/x", "/c/x"]);
    const isFile = (p: string) => files.has(p);
    expect(which("x", "/a:/b:/c", isFile)).toBe("/b/x");
    expect(which("x", ["/c", "/b"], isFile)).toBe("/c/x");
    expect(which("x", "", isFile)).toBeUndefined();
    expect(which("y", "/a:/b", isFile)).toBeUndefined();
  });

  it("by default takes an executable regular file", () => {
    expect(which("node", [process.execPath.slice(0, process.execPath.lastIndexOf("/"))])).toBe(process.execPath);
    expect(which("definitely-not-a-command-here", "/usr/bin:/bin")).toBeUndefined();
  });
});
