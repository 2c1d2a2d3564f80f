// Adding a host touches only its own package: hawk (profile.ts beside this
// file) goes through the shared command line, planner and --explain paths,
// with facts written by hand instead of a machine.
import { describe, expect, it } from "vitest";
import { helpText, parseCommandLine } from "../../cli.js";
import { explainBpf, explainJson, explainText, policyFromJson } from "../../explain.js";
import { filterOrderOf } from "../../filter-order.js";
import { compileFilter } from "../../launch.js";
import { plan } from "../../plan/index.js";
import { facts } from "../facts.js";
import hawk from "./profile.js";

const policy = (argv: string[], over = {}) => plan(facts(over), parseCommandLine(argv, hawk.options), hawk);

describe("a host defined only by its fixture (hawk)", () => {
  it("has -h from the shared CLI", () => {
    const h = helpText(hawk.name, hawk.summary, hawk.options, hawk.repl !== undefined);
    expect(h).toContain("hawk");
    expect(h).toContain(hawk.summary);
  });

  it("plans a script run from its data", () => {
    const p = policy(["-t", "prog.awk", "a"], { tmpDir: "/tmp" });
    expect(p.argv).toEqual(["/usr/bin/gawk", "-f", "/home/u/prog.awk", "--", "a"]);
    expect(p.seccomp.promises).toEqual(["stdio", "rpath"]);
    expect(p.grants.map((g) => g.reason)).toContain("hawk's library");
    expect(p.rlimits.as.source).toBe("default: awk is small");
  });

  it("gets its hot syscalls into the filter it compiles", () => {
    expect(filterOrderOf("hawk")).toEqual(["read", "write", "brk"]);
    const p = policy(["prog.awk"]);
    expect(compileFilter(p, 0x1000n)).not.toEqual(compileFilter({ ...p, host: "unknown" }, 0x1000n));
  });

  it("is explained as text, JSON (round trip) and BPF", () => {
    const p = policy(["prog.awk"]);
    const text = explainText(p);
    expect(text).toContain("hawk 0.0.0-test would run, confined:");
    expect(text).toContain("getrandom: fail with errno 38");
    expect(policyFromJson(JSON.parse(JSON.stringify(explainJson(p))))).toEqual(p);
    expect(explainBpf(p)).toContain("hawk 0.0.0-test");
  });

  it("explains an interactive session with the terminal's table", () => {
    const p = policy(["-i"]);
    const text = explainText(p);
    expect(text).toContain("Interactive session");
    expect(text).toMatch(/errno 1 +TIOCSWINSZ/);
    expect(p.argv).toEqual(["/usr/bin/gawk", "-f", "/dev/stdin", "--"]);
  });
});
