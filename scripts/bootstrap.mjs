#!/usr/bin/env node
// The two newcomer commands end here:
//   npm run demo   set up, build, run Alice's attacks against each host
//   npm test       set up, build, typecheck, lint, run every test
// "Set up" means: the interpreters and tools the tests use (from Debian's
// packages, installed only when running as root with apt-get), pnpm (the
// pinned version, through npx when it is not installed), and the workspace's
// dependencies from the lockfile. Needs only Node.js >= 20 and npm.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2];
if (mode !== "demo" && mode !== "test") {
  console.error("usage: node scripts/bootstrap.mjs demo|test");
  process.exit(1);
}
const PNPM = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).packageManager; // "pnpm@10.x.y"

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: repo, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 128;
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`bootstrap: '${[cmd, ...args].join(" ")}' failed with status ${code}`);
    process.exit(code);
  }
}
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

// 1. System packages: the real interpreters the hosts run, and the tools the
//    tests drive (strace for --trace/--learn, tmux for the REPL tests).
const wanted = {
  "lua5.4": "lua5.4",
  python3: "python3",
  bash: "bash",
  strace: "strace",
  tmux: "tmux",
  setpriv: "util-linux",
};
const missing = Object.entries(wanted).filter(([cmd]) => !has(cmd));
if (missing.length > 0) {
  const pkgs = [...new Set(missing.map(([, p]) => p))];
  if (process.getuid?.() === 0 && has("apt-get")) {
    must("apt-get", ["update", "-qq"]);
    must("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    const msg = `missing: ${missing.map(([c]) => c).join(", ")} — install them with: sudo apt-get install ${pkgs.join(" ")}`;
    if (mode === "test") {
      console.error(`bootstrap: ${msg}`);
      process.exit(1);
    }
    console.warn(`bootstrap: ${msg} (the demo runs without them; those hosts will say what is missing)`);
  }
}

// 2. pnpm, the pinned version.
const pnpmVersion = spawnSync("pnpm", ["--version"], { encoding: "utf8" }).stdout?.trim();
const pnpm = pnpmVersion === PNPM.split("@")[1] ? ["pnpm"] : ["npx", "--yes", PNPM];

// 3. Dependencies and build.
must(pnpm[0], [...pnpm.slice(1), "install", "--frozen-lockfile"]);
must(pnpm[0], [...pnpm.slice(1), "exec", "turbo", "run", "build"]);

if (mode === "demo") {
  process.exit(run(process.execPath, ["scripts/demo.mjs"]));
}

// 4. Everything CI checks: typecheck, lint, unit and end-to-end tests (as
//    root and, when root, as uid 65534), then one closing count line.
must(pnpm[0], [...pnpm.slice(1), "exec", "turbo", "run", "typecheck"]);
must(pnpm[0], [...pnpm.slice(1), "exec", "biome", "check", "."]);
const out = mkdtempSync(join(tmpdir(), "h-vitest-"));
const report = join(out, "report.json");
const code = run(pnpm[0], [
  ...pnpm.slice(1),
  "exec",
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${report}`,
]);
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + r.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(out, { recursive: true, force: true });
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(code !== 0 || failed > 0 ? 1 : 0);
