// A vitest reporter that keeps a record of the run for the closing count
// (tally.mjs): which test files vitest planned, which started, each test's
// state, the unhandled errors, and whether the run reached its end. The
// record is rewritten after every finished test, so when vitest itself dies
// or hangs (and scripts/bootstrap.mjs's watchdog kills it), what did and did
// not run is still on disk.
//
// Use beside the default reporter; H_TEST_RECORD names the record file:
//   H_TEST_RECORD=/tmp/r.json vitest run --reporter=default --reporter=./tools/test/summary-reporter.ts
// Without H_TEST_RECORD it prints the closing line itself at the end.
import { writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Reporter, TestCase, TestModule, TestSpecification } from "vitest/node";
import { closingLine, type ModuleRecord, type RunRecord, type TestState, tally } from "./tally.mjs";

const REPO = resolve(import.meta.dirname, "..", "..");

export default class SummaryReporter implements Reporter {
  #expected: string[] = [];
  #modules = new Map<string, TestModule>();
  #unhandled: string[] = [];
  #end: string | undefined;
  readonly #out = process.env.H_TEST_RECORD;

  #file(id: string): string {
    return relative(REPO, id);
  }

  #record(): RunRecord {
    const modules: ModuleRecord[] = [...this.#modules.values()].map((m) => ({
      file: this.#file(m.moduleId),
      state: m.state(),
      tests: [...m.children.allTests()].map((t) => ({ name: t.fullName, state: t.result().state as TestState })),
      errors: m.errors().map((e) => e.message ?? String(e)),
    }));
    return {
      expected: this.#expected,
      modules,
      unhandled: this.#unhandled,
      ...(this.#end !== undefined ? { end: this.#end } : {}),
    };
  }

  #save(): void {
    if (this.#out) writeFileSync(this.#out, JSON.stringify(this.#record()));
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.#expected = [...new Set(specifications.map((s) => this.#file(s.moduleId)))].sort();
    this.#save();
  }

  onTestModuleStart(module: TestModule): void {
    this.#modules.set(module.moduleId, module);
    this.#save();
  }

  onTestCaseResult(_test: TestCase): void {
    this.#save();
  }

  onTestModuleEnd(module: TestModule): void {
    this.#modules.set(module.moduleId, module);
    this.#save();
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<{ message?: string }>,
    reason: string,
  ): void {
    for (const m of testModules) this.#modules.set(m.moduleId, m);
    this.#unhandled = unhandledErrors.map((e) => e.message ?? String(e));
    this.#end = reason;
    this.#save();
    if (!this.#out) {
      const t = tally(this.#record(), reason === "passed" ? 0 : 1);
      if (t.failures.length) process.stdout.write(`\nfailed:\n${t.failures.map((f) => `  ${f}\n`).join("")}`);
      process.stdout.write(`\n${closingLine(t)}\n`);
    }
  }
}
