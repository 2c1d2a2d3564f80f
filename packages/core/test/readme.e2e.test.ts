// The READMEs' generated blocks (each host's real `-h`, its default rlimits)
// must match the built hosts: this fails when a flag or a limit changed and
// `node scripts/gen-readme-help.mjs` was not run. Needs `pnpm build` first.
// The rlimits rows come from each host's --explain=json, so README, -h and
// --explain say the same (nproc included: counted at launch, or the caller's).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rlimitsTableFromExplain } from "../../../scripts/gen-readme-help.mjs";
import { run, runOk } from "../../../tools/e2e/process.js";
import { hosts, REPO } from "../../../tools/workspace.mjs";

it("README.md and packages/<host>/README.md show the real -h output and rlimits", async () => {
  const r = await run([process.execPath, join(REPO, "scripts", "gen-readme-help.mjs"), "--check"], { cwd: REPO });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

const dir = mkdtempSync(join(tmpdir(), "h-readme-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(dir, "script");
writeFileSync(script, "\n");
const env = { PATH: process.env.PATH ?? "" };

describe.each(hosts().map((h) => [h.name, h.bin] as const))("%s", (host, bin) => {
  it("README.md holds its -h; its README holds the rlimits its --explain=json states", async () => {
    const help = (await runOk([process.execPath, bin, "-h"], { env })).trimEnd();
    expect(readFileSync(join(REPO, "README.md"), "utf8")).toContain(
      `### ${host}\n\n\`\`\`text\n$ ${host} -h\n${help}\n`,
    );
    const own = readFileSync(join(REPO, "packages", host, "README.md"), "utf8");
    expect(own).toContain(`$ ${host} -h\n${help}\n`);
    const doc = JSON.parse(await runOk([process.execPath, bin, "--explain=json", script], { env }));
    expect(own).toContain(rlimitsTableFromExplain(doc));
    // The nproc row states the launcher's rule, not a guess beside it.
    const nproc = doc.summary.rlimits.nproc;
    const row = own.split("\n").find((l) => l.startsWith("| nproc |"));
    if (doc.policy.nproc) expect(row).toContain(`tasks of the uid now + ${doc.policy.nproc.allowance}`);
    else if (nproc.value === "inherited") expect(row).toContain("| the caller's |");
    else expect(row).toContain(`| \`${nproc.value}\` |`);
  });
});
