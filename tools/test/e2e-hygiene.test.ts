// End-to-end tests must not block their vitest worker's thread: a worker
// blocked for longer than vitest's 60 s RPC timeout dies and takes every
// later test file with it (tools/e2e/process.ts says more). This holds the
// rule: no synchronous process call or busy-wait in an e2e test or its
// harness, unless the line (or the one above) says `sync-ok:` and why.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

const REPO = join(import.meta.dirname, "..", "..");
const BLOCKING = /\b(spawnSync|execFileSync|execSync|Atomics\.wait)\s*\(/;

function files(dir: string, keep: (name: string) => boolean): string[] {
  let out: string[] = [];
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== "node_modules" && e.name !== "cases") out = out.concat(files(p, keep));
    else if (e.isFile() && keep(e.name)) out.push(p);
  }
  return out;
}

it("no e2e test or harness blocks its thread", () => {
  const targets = [
    ...files(join(REPO, "tools", "e2e"), (n) => n.endsWith(".ts")),
    ...readdirSync(join(REPO, "packages")).flatMap((p) =>
      files(join(REPO, "packages", p, "test"), (n) => n.endsWith(".ts")),
    ),
  ];
  expect(targets.length).toBeGreaterThan(10);
  const bad: string[] = [];
  for (const f of targets) {
    const lines = readFileSync(f, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (line.trimStart().startsWith("//") || !BLOCKING.test(line)) return;
      if (line.includes("sync-ok:") || lines[i - 1]?.includes("sync-ok:")) return;
      bad.push(`${f.slice(REPO.length + 1)}:${i + 1}: ${line.trim()}`);
    });
  }
  expect(bad).toEqual([]);
});
