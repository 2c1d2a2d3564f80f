// pnpm bench must keep working: it broke twice without anyone noticing (a
// --explain=json schema change, a checkout under /tmp hidden by bwrap's
// private /tmp). One tiny round of every section; nothing here looks at times.
import { join } from "node:path";
import { expect, it } from "vitest";
import { bound, run } from "../../../tools/e2e/process.js";
import { hostNames } from "../../../tools/workspace.mjs";

const REPO = join(import.meta.dirname, "..", "..", "..");

it(
  "bench/run.mjs runs every section with one round",
  async () => {
    const r = await run([process.execPath, join(REPO, "bench", "run.mjs")], {
      cwd: REPO,
      timeoutMs: 240_000,
      env: { ...process.env, BENCH_RUNS: "1", BENCH_LOOP_RUNS: "1", BENCH_NPROC_EXTRA: "10" },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    for (const section of ["Launch, ms", "Phases (H_TIMING=1)", "Filter cost", "Compiled filters", "nproc scan"]) {
      expect(r.stdout).toContain(section);
    }
    for (const host of hostNames()) expect(r.stdout).toContain(host);
  },
  bound(300_000),
);
