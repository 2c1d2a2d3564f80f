// The READMEs' generated blocks (each host's real `-h`, its default rlimits)
// must match the built hosts: this fails when a flag or a limit changed and
// `node scripts/gen-readme-help.mjs` was not run. Needs `pnpm build` first.
import { join } from "node:path";
import { expect, it } from "vitest";
import { run } from "../../../tools/e2e/process.js";

const REPO = join(import.meta.dirname, "..", "..", "..");

it("README.md and packages/<host>/README.md show the real -h output and rlimits", async () => {
  const r = await run([process.execPath, join(REPO, "scripts", "gen-readme-help.mjs"), "--check"], { cwd: REPO });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});
