#!/usr/bin/env node
// Alice's attacks against each host. Makes a fake HOME with a secret and a
// canary file, runs demo/fun.{lua,py,js,sh} under hlua, hpython, hnode and hsh,
// then checks from outside that the secret stayed secret and the files were
// not touched. Run after a build (npm run demo does both).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { forEveryHost, hostBin } from "../tools/workspace.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

const work = mkdtempSync(join(tmpdir(), "h-demo-"));
const home = join(work, "home");
mkdirSync(join(home, ".aws"), { recursive: true });
const secret = `aws_secret_access_key = DEMO-${Math.random().toString(36).slice(2)}`;
writeFileSync(join(home, ".aws", "credentials"), `[default]\n${secret}\n`);
const canary = join(work, "canary.txt");
writeFileSync(canary, "untouched\n");
chmodSync(work, 0o755);

// Alice's script for each host of the workspace (every host must have one).
const scripts = forEveryHost("scripts/demo.mjs's demo scripts", {
  hlua: "fun.lua",
  hpython: "fun.py",
  hnode: "fun.js",
  hsh: "fun.sh",
});
let failures = 0;
for (const [host, script] of Object.entries(scripts)) {
  const bin = hostBin(host);
  console.log(bold(`\n$ npx ${host} demo/${script}`));
  if (!existsSync(bin)) {
    console.log(`  (${host} is not built: run npm run demo, which builds first)`);
    failures++;
    continue;
  }
  const r = spawnSync(process.execPath, [bin, join(repo, "demo", script), home, canary], {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: home, AWS_SECRET_ACCESS_KEY: secret },
  });
  process.stdout.write(r.stdout.replace(/^/gm, "  "));
  const err = r.stderr.trim();
  if (err) console.log(err.replace(/^/gm, "  stderr: "));
  const how = r.signal
    ? `killed by ${r.signal}${r.signal === "SIGSYS" ? " (a forbidden system call)" : ""}`
    : `exit ${r.status}`;
  console.log(`  -> ${how}`);
  const leaked = (r.stdout + r.stderr).includes(secret);
  const touched = readFileSync(canary, "utf8") !== "untouched\n" || !existsSync(join(home, ".aws", "credentials"));
  if (leaked || touched) {
    failures++;
    console.log(`  !! ${leaked ? "the secret leaked" : ""} ${touched ? "files were touched" : ""}`);
  }
}
rmSync(work, { recursive: true, force: true });
console.log(
  failures === 0
    ? bold("\nAll attacks were stopped: no secret printed, no file touched.")
    : bold(`\n${failures} host(s) did not run cleanly (see above).`),
);
process.exit(failures === 0 ? 0 : 1);
