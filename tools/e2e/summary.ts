// A vitest reporter that ends the run with one line a person or CI can grep:
//   N passed, M failed
// (plus skipped and attack-case counts when there are any). Use it beside the
// default reporter:
//   vitest run --project e2e --reporter=default --reporter=./tools/e2e/summary.ts
// Attack cases are the tests whose name says "[attacks: ...]" (see suite.ts).
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let attacks = 0;
    let attacksFailed = 0;
    const failures: string[] = [];
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        const isAttack = t.name.includes("[attacks:");
        if (isAttack) attacks++;
        if (state === "passed") passed++;
        else if (state === "failed") {
          failed++;
          if (isAttack) attacksFailed++;
          failures.push(t.fullName);
        } else skipped++;
      }
      // A module that failed to load has no tests but is a failure.
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) {
        failed++;
        failures.push(m.moduleId);
      }
    }
    failed += unhandledErrors.length;
    const extra = [
      skipped > 0 ? `${skipped} skipped` : "",
      attacks > 0 ? `${attacks} attack cases (${attacksFailed} failed)` : "",
    ].filter(Boolean);
    const out = process.stdout;
    if (failures.length > 0) {
      out.write("\nfailed:\n");
      for (const f of failures) out.write(`  ${f}\n`);
    }
    out.write(`\n${passed} passed, ${failed} failed${extra.length ? ` (${extra.join(", ")})` : ""}\n`);
  }
}
