// How a workload's passes are counted (tools/corpus/run.mjs countPasses):
// the pass rates the policies are held to depend on it.
import { describe, expect, it } from "vitest";
import { countPasses } from "./run.mjs";

const unittest = (stdout: string) => countPasses({ pass: "unittest" }, { stdout, stderr: "", status: 1 });

describe("countPasses: unittest -v", () => {
  it("counts a test whose setUp and cleanup both fail once, not twice", () => {
    const out = [
      "test_a (m.T.test_a) ... ok",
      "test_b (m.T.test_b) ... ERROR",
      "test_b (m.T.test_b) ... ERROR",
      "test_c (m.T.test_c) ... skipped 'no'",
      "test_d (m.T.test_d) ... FAIL",
      "",
      "Ran 4 tests in 0.01s",
      "FAILED (failures=1, errors=2, skipped=1)",
    ].join("\n");
    // The summary's arithmetic (4 - 1 - 2 - 1) would say 0.
    expect(unittest(out)).toEqual({ passed: 1, total: 4 });
  });
  it("does not count a test that printed ok and then failed in its cleanup", () => {
    const out = [
      "test_a (m.T.test_a) ... ok",
      "test_a (m.T.test_a) ... ERROR",
      "",
      "Ran 1 test in 0s",
      "FAILED (errors=1)",
    ];
    expect(unittest(out.join("\n"))).toEqual({ passed: 0, total: 1 });
  });
  it("counts tests that share a name in different classes, and tests with a docstring line", () => {
    const out = [
      "test_a (m.T.test_a) ... ok",
      "test_b (m.T.test_b) ... ok",
      "test_a (m.T.test_a) ... ok", // a second class made by the same factory: another test
      "test_c (m.T.test_c)",
      "Checks c. ... ok",
      "",
      "Ran 4 tests in 0s",
      "OK",
    ].join("\n");
    expect(unittest(out)).toEqual({ passed: 4, total: 4 });
  });
  it("falls back to the summary without outcome lines, and to the ok lines without a summary", () => {
    expect(unittest("Ran 10 tests in 1s\nFAILED (failures=2, skipped=3)")).toEqual({ passed: 5, total: 10 });
    expect(unittest("test_a (m.T.test_a) ... ok\ntest_b (m.T.test_b) ... ok\n")).toEqual({
      passed: 2,
      total: undefined,
    });
  });
});
