import { describe, expect, it } from "vitest";
import { helpText, parseCommandLine } from "./cli.js";
import { UsageError } from "./errors.js";

describe("parseCommandLine", () => {
  it("stops at the script: later words belong to it", () => {
    const p = parseCommandLine(["-s", "game.lua", "-t", "--explain", "x"]);
    expect(p.script).toBe("game.lua");
    expect(p.args).toEqual(["-t", "--explain", "x"]);
    expect(p.options.scriptDir).toBe(true);
    expect(p.options.tmp).toBe(false);
    expect(p.options.explain).toBe(false);
  });
  it("-- ends the options", () => {
    const p = parseCommandLine(["-l", "--", "-weird-name.lua", "a"]);
    expect(p.script).toBe("-weird-name.lua");
    expect(p.args).toEqual(["a"]);
    expect(p.options.localtime).toBe(true);
  });
  it("takes -r values separate, attached or repeated", () => {
    const p = parseCommandLine(["-r", "cpu=1", "-ras=64M", "--rlimit", "nofile=8", "s.lua"]);
    expect(p.options.rlimits).toEqual([
      ["cpu", { kind: "set", value: 1n }],
      ["as", { kind: "set", value: 64n << 20n }],
      ["nofile", { kind: "set", value: 8n }],
    ]);
  });
  it("-x implies -s", () => {
    const p = parseCommandLine(["-x", "s.sh"]);
    expect(p.options.execScriptDir).toBe(true);
    expect(p.options.scriptDir).toBe(true);
  });
  it("clustered short flags, the last taking a value", () => {
    const p = parseCommandLine(["-stR", "s.lua"]);
    expect(p.options.scriptDir && p.options.tmp && p.options.inheritRlimits).toBe(true);
    const q = parseCommandLine(["-sr", "cpu=2", "s.lua"]);
    expect(q.options.rlimits).toEqual([["cpu", { kind: "set", value: 2n }]]);
  });
  it("--explain, --explain=json, --dry-run", () => {
    expect(parseCommandLine(["--explain", "s"]).options.explain).toBe("text");
    expect(parseCommandLine(["--dry-run", "s"]).options.explain).toBe("text");
    expect(parseCommandLine(["--explain=json", "s"]).options.explain).toBe("json");
    expect(() => parseCommandLine(["--explain=yaml", "s"])).toThrow(UsageError);
  });
  it("repeatable grants and environment", () => {
    const p = parseCommandLine([
      "--allow-read",
      "/a",
      "--allow-read=/b",
      "--allow-write",
      "/c",
      "--env",
      "TZ=UTC",
      "--env",
      "LANG",
      "s",
    ]);
    expect(p.options.allowRead).toEqual(["/a", "/b"]);
    expect(p.options.allowWrite).toEqual(["/c"]);
    expect(p.options.env).toEqual(["TZ=UTC", "LANG"]);
  });
  it.each([
    [["--frobnicate", "s"], /unknown option '--frobnicate'/],
    [["-q", "s"], /unknown option '-q'/],
    [["-r"], /needs a value/],
    [["-r", "cpu"], /bad -r value/],
    [["-r", "walltime=3", "s"], /unknown rlimit/],
    [["--on-violation", "log", "s"], /--on-violation/],
    [["--env", "1BAD=x", "s"], /bad --env/],
    [["--allow-read", "", "s"], /non-empty path/],
  ])("refuses %j with a UsageError", (argv, msg) => {
    expect(() => parseCommandLine(argv as string[])).toThrow(UsageError);
    expect(() => parseCommandLine(argv as string[])).toThrow(msg);
  });
  it("no script is not an error here (hosts decide)", () => {
    expect(parseCommandLine(["-h"]).script).toBeUndefined();
  });
});

describe("helpText", () => {
  it("lists every shared flag with its short form", () => {
    const h = helpText("hlua", "Run Lua.");
    for (const f of [
      "-s, --allow-script-dir",
      "-t, --allow-tmp",
      "-l, --allow-localtime",
      "-x, --allow-exec-script-dir",
      "-r, --rlimit",
      "-R, --inherit-rlimits",
      "--allow-read PATH",
      "--explain",
      "-h, --help",
      "-v, --version",
    ]) {
      expect(h).toContain(f);
    }
  });
});
