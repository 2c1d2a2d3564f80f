import { helpText, parseCommandLine } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import profile from "./profile.js";

describe("hpython's own options", () => {
  it("--site is parsed with the shared options and stops at the script", () => {
    const cl = parseCommandLine(["-t", "--site", "x.py", "--site", "-t"], profile.options);
    expect(cl.hostOptions).toEqual({ site: true });
    expect(cl.options.tmp).toBe(true);
    expect(cl.script).toBe("x.py");
    expect(cl.args).toEqual(["--site", "-t"]);
  });
  it("is absent unless given, and listed by -h", () => {
    expect(parseCommandLine(["x.py"], profile.options).hostOptions).toEqual({});
    expect(helpText("hpython", profile.summary, profile.options)).toMatch(/--site\s+also read installed packages/);
  });
  it("a host option may not shadow a shared one", () => {
    expect(() => parseCommandLine(["x.py"], { explain: { type: "boolean", help: "no" } })).toThrow(/clashes/);
  });
});
