// The closing count of a test run, from the record the summary reporter
// keeps (summary-reporter.ts) and vitest's exit status. Pure, so the rules
// are unit-tested (tally.test.ts):
//   - every test file vitest planned to run must report; one that did not
//     (never ran, its worker died, it hung) is a failure, named;
//   - a test that never finished is a failure, not a skip;
//   - every unhandled error is a failure;
//   - a run that did not reach its end, or left no record, fails;
//   - a non-zero exit with nothing else failed is still one failure:
//     the line never says "0 failed" for a run that failed.

/**
 * @typedef {"passed" | "failed" | "skipped" | "pending"} TestState
 * @typedef {{ file: string, state: string, tests: { name: string, state: TestState }[], errors: string[] }} ModuleRecord
 *   file: relative to the repository; state: vitest's (queued, pending, passed, failed, skipped);
 *   errors: the module's own (failed to load, a hook threw)
 * @typedef {{ expected: string[], modules: ModuleRecord[], unhandled: string[], end?: string }} RunRecord
 *   expected: files vitest planned to run; end: set when vitest reached the end of the run
 * @typedef {{ passed: number, failed: number, skipped: number, failures: string[], attacks: number, attacksFailed: number }} Tally
 *   attacks: tests whose name says "[attacks: ...]" (cases that try to break a restriction)
 */

/**
 * @param {RunRecord | undefined} record
 * @param {number} exitCode
 * @returns {Tally}
 */
export function tally(record, exitCode) {
  let passed = 0;
  let skipped = 0;
  let attacks = 0;
  let attacksFailed = 0;
  /** @type {string[]} */
  const failures = [];
  if (record === undefined) {
    failures.push("the run left no record: vitest ended before it started any test file");
  } else {
    const byFile = new Map(record.modules.map((m) => [m.file, m]));
    const files = [...new Set([...record.expected, ...byFile.keys()])].sort();
    for (const file of files) {
      const m = byFile.get(file);
      if (m === undefined) {
        failures.push(`${file}: did not report (it never ran, or its worker died or hung)`);
        continue;
      }
      let failedHere = 0;
      for (const t of m.tests) {
        const isAttack = t.name.includes("[attacks:");
        if (isAttack) attacks++;
        if (isAttack && t.state !== "passed" && t.state !== "skipped") attacksFailed++;
        if (t.state === "passed") passed++;
        else if (t.state === "skipped") skipped++;
        else {
          failedHere++;
          failures.push(`${file} > ${t.name}${t.state === "failed" ? "" : ": did not finish"}`);
        }
      }
      if (failedHere > 0) continue;
      if (m.state === "failed") {
        failures.push(`${file}: failed${m.errors.length ? `: ${m.errors[0]}` : ""}`);
      } else if (m.state !== "passed" && m.state !== "skipped") {
        failures.push(`${file}: did not finish (state ${m.state})`);
      } else if (m.tests.length === 0 && m.state === "passed") {
        failures.push(`${file}: ran no test`);
      }
    }
    for (const e of record.unhandled) failures.push(`unhandled error: ${e}`);
    if (record.end === undefined) failures.push("the run did not reach its end (vitest died or was killed)");
    else if (record.end === "interrupted") failures.push("the run was interrupted");
  }
  if (exitCode !== 0 && failures.length === 0) {
    failures.push(`vitest exited with status ${exitCode} without reporting a failure`);
  }
  return { passed, failed: failures.length, skipped, failures, attacks, attacksFailed };
}

/**
 * The closing line CI and people read.
 * @param {Tally} t
 */
export function closingLine(t) {
  return `${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}`;
}
