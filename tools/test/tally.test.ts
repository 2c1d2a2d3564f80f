import { describe, expect, it } from "vitest";
import { closingLine, type ModuleRecord, type RunRecord, tally } from "./tally.mjs";

const mod = (file: string, state: string, tests: [string, ModuleRecord["tests"][number]["state"]][]): ModuleRecord => ({
  file,
  state,
  tests: tests.map(([name, s]) => ({ name, state: s })),
  errors: [],
});

const full = (over: Partial<RunRecord> = {}): RunRecord => ({
  expected: ["a.test.ts", "b.test.ts"],
  modules: [
    mod("a.test.ts", "passed", [
      ["a1", "passed"],
      ["a2", "skipped"],
    ]),
    mod("b.test.ts", "passed", [["b1 [attacks: x]", "passed"]]),
  ],
  unhandled: [],
  end: "passed",
  ...over,
});

describe("tally", () => {
  it("counts a clean run", () => {
    const t = tally(full(), 0);
    expect(t).toMatchObject({ passed: 2, failed: 0, skipped: 1, failures: [], attacks: 1, attacksFailed: 0 });
    expect(closingLine(t)).toBe("2 passed, 0 failed, 1 skipped");
  });

  it("names a planned file that never reported", () => {
    const t = tally(full({ modules: [full().modules[0]!] }), 1);
    expect(t.failed).toBe(1);
    expect(t.failures[0]).toMatch(/^b\.test\.ts: did not report/);
  });

  it("names a file that started and hung (the watchdog killed the run)", () => {
    // No `end`: the run never reached it.
    const { end: _end, ...r } = full({
      modules: [full().modules[0]!, mod("b.test.ts", "pending", [["b1", "pending"]])],
    });
    const t = tally(r, 137);
    expect(t.failures).toContain("b.test.ts > b1: did not finish");
    expect(t.failures.some((f) => f.includes("did not reach its end"))).toBe(true);
    expect(t.passed).toBe(1);
  });

  it("counts a file that failed to load, with no tests, as one failure", () => {
    const r = full({ modules: [full().modules[0]!, { ...mod("b.test.ts", "failed", []), errors: ["SyntaxError"] }] });
    const t = tally(r, 1);
    expect(t.failures).toEqual(["b.test.ts: failed: SyntaxError"]);
  });

  it("counts each unhandled error", () => {
    const t = tally(full({ unhandled: ['[vitest-worker]: Timeout calling "onTaskUpdate"'], end: "failed" }), 1);
    expect(t.failed).toBe(1);
    expect(t.failures[0]).toContain("onTaskUpdate");
  });

  it("never says 0 failed for a non-zero exit", () => {
    const t = tally(full(), 1);
    expect(t.failed).toBe(1);
    expect(closingLine(t)).toBe("2 passed, 1 failed, 1 skipped");
  });

  it("fails a run that left no record", () => {
    expect(tally(undefined, 0).failed).toBe(1);
  });

  it("fails a file that ran no test", () => {
    const t = tally(full({ modules: [...full().modules, mod("c.test.ts", "passed", [])] }), 0);
    expect(t.failures).toEqual(["c.test.ts: ran no test"]);
  });

  it("counts failed attack cases apart", () => {
    const r = full({
      modules: [full().modules[0]!, mod("b.test.ts", "failed", [["b1 [attacks: fs]", "failed"]])],
      end: "failed",
    });
    const t = tally(r, 1);
    expect(t).toMatchObject({ failed: 1, attacks: 1, attacksFailed: 1, failures: ["b.test.ts > b1 [attacks: fs]"] });
  });
});
