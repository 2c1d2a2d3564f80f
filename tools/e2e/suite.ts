// The vitest suite each host's test/cases.e2e.test.ts calls: one test per
// case and user. Runs as root and, when root, again as uid 65534 through
// setpriv; as an ordinary user only that user's run exists.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeOutcome, judge, loadCases, runCase, type User } from "./cases.js";
import { deploy } from "./deploy.js";
import { bound } from "./process.js";

export function caseSuite(host: string, testDir: string): void {
  const cases = loadCases(join(testDir, "cases"));
  const isRoot = process.getuid?.() === 0;
  const users: User[] = isRoot ? ["root", "nobody"] : ["nobody"];
  let deployed: string | undefined;
  const dir = () => {
    deployed ??= deploy([host]);
    return deployed;
  };
  afterAll(() => {
    if (deployed && !process.env.H_KEEP_WORK) rmSync(deployed, { recursive: true, force: true });
  });
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  for (const user of users) {
    describe(`${host} as ${user === "root" ? "root" : "uid 65534"}`, () => {
      for (const c of cases) {
        if (!c.users.includes(user)) continue;
        // As a non-root user "nobody" means "whoever runs the suite".
        const runAs: User = isRoot ? user : "root";
        it(
          `${c.name}: ${c.description}${c.attacks ? ` [attacks: ${c.attacks}]` : ""}`,
          async () => {
            const o = await runCase(c, host, dir(), runAs);
            const bad = judge(c, o);
            expect(bad, `${bad.join("\n")}\n${describeOutcome(o)}`).toEqual([]);
          },
          bound((c.timeout + 30) * 1000),
        );
      }
    });
  }
}
