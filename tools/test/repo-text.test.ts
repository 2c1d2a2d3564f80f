// A clone of this repository must stand alone: nothing in it may send a reader
// to files a clone does not have (a sibling ../shared folder), to an issue
// tracker's numbers, or call rootmos/h anything but its name.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..");
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\.\.\/shared\b|shared\/DESIGN\.md|shared\/NOTES\.md/, "points outside the repository"],
  [/\bissues? #?\d+\b/i, "names an issue number"],
  [/\bthe seed\b/i, "says 'the seed' (say rootmos/h; a random seed is 'the random seed')"],
];
const SELF = "tools/test/repo-text.test.ts";

it("no file points outside the repository, to issue numbers, or to 'the seed'", () => {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: REPO, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && f !== SELF && !f.endsWith("pnpm-lock.yaml") && !/\.(png|jpg|tgz|gz)$/.test(f));
  const bad: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(join(REPO, f), "utf8");
    } catch {
      continue; // listed but deleted in the work tree
    }
    text.split("\n").forEach((line, i) => {
      for (const [re, why] of FORBIDDEN)
        if (re.test(line)) bad.push(`${f}:${i + 1}: ${why}: ${line.trim().slice(0, 100)}`);
    });
  }
  expect(bad).toEqual([]);
});
