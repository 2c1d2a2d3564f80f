#!/usr/bin/env node
// The newcomer commands end here:
//   npm run demo       set up, build, run Alice's attacks against each host
//   npm test           set up, build, typecheck, lint, unit + end-to-end tests
//   npm run test:slow  set up, build, the soak tests (load, bench smoke)
// Test file filters may follow: npm test -- packages/hlua
// "Set up" means: the interpreters and tools the tests use (from Debian's
// packages, installed only when running as root with apt-get), pnpm (the
// pinned version, through npx when it is not installed), and the workspace's
// dependencies from the lockfile. Needs only Node.js >= 20 and npm.
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { constants as osConstants, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { slowness } from "../tools/test/slowness.mjs";
import { closingLine, tally } from "../tools/test/tally.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2];
// Anything after the mode narrows the vitest run (`npm test -- packages/hlua`).
const filters = process.argv.slice(3);
if (mode !== "demo" && mode !== "test" && mode !== "slow") {
  console.error("usage: node scripts/bootstrap.mjs demo|test|slow");
  process.exit(1);
}
const PNPM = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).packageManager; // "pnpm@10.x.y"

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: repo, ...opts });
  if (r.error) {
    // One line, not a stack: e.g. pnpm vanished (a concurrent npm install -g).
    console.error(`bootstrap: cannot run ${cmd}: ${r.error.code ?? r.error.message}`);
    return 127;
  }
  return r.status ?? 128;
}
function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`bootstrap: '${[cmd, ...args].join(" ")}' failed with status ${code}`);
    // A test run that stops here still ends with the line CI reads.
    if (mode !== "demo") {
      console.log(`\n0 passed, 1 failed`);
      addToTotals(0, 1, 0);
    }
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
    if (mode !== "demo") {
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

// 4. Everything CI checks. `test`: typecheck, lint, unit and end-to-end tests
//    (as root and, when root, as uid 65534). `slow`: the soak tests. Each
//    ends with one closing count line (tools/test/tally.mjs).
if (mode === "test") {
  must(pnpm[0], [...pnpm.slice(1), "exec", "turbo", "run", "typecheck"]);
  // The root project: tools/ and vitest.config.ts, which no package typechecks.
  must(pnpm[0], [...pnpm.slice(1), "exec", "tsc", "-p", "tsconfig.json", "--noEmit"]);
  must(pnpm[0], [...pnpm.slice(1), "exec", "biome", "check", "."]);
}
const projects = mode === "test" ? ["unit", "e2e"] : ["slow"];
process.exit(await vitest(projects));

/**
 * Runs vitest with the summary reporter and counts what it recorded. A
 * watchdog kills vitest when no test has finished for H_TEST_STALL_MIN
 * minutes (default 10, times H_TEST_SLOW): a test file that blocks its worker
 * would otherwise hang the run forever; the count then names it.
 */
async function vitest(projects) {
  const slow = slowness(); // decided once, before vitest starts: its workers inherit it
  const out = mkdtempSync(join(tmpdir(), "h-vitest-"));
  const record = join(out, "record.json");
  const argv = [
    ...pnpm.slice(1),
    "exec",
    "vitest",
    "run",
    ...projects.flatMap((p) => ["--project", p]),
    ...filters,
    "--reporter=default",
    "--reporter=./tools/test/summary-reporter.ts",
  ];
  console.log(`$ ${[pnpm[0], ...argv].join(" ")}`);
  const t0 = Date.now();
  const child = spawn(pnpm[0], argv, {
    cwd: repo,
    stdio: "inherit",
    detached: true, // its own process group, so the watchdog can end all of it
    env: { ...process.env, H_TEST_RECORD: record },
  });
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => killGroup(sig));
  const stallMs = Number(process.env.H_TEST_STALL_MIN ?? 10) * 60_000 * slow;
  let stalled = false;
  const watchdog = setInterval(() => {
    const last = existsSync(record) ? statSync(record).mtimeMs : t0;
    if (Date.now() - last > stallMs) {
      stalled = true;
      console.error(`\nbootstrap: no test finished in ${(stallMs / 60_000).toFixed(1)} min: stopping vitest`);
      killGroup("SIGKILL");
    }
  }, 5_000);
  const code = await new Promise((done) =>
    child.on("close", (c, sig) => done(c ?? 128 + (osConstants.signals[sig] ?? 0))),
  );
  clearInterval(watchdog);
  let rec;
  try {
    rec = JSON.parse(readFileSync(record, "utf8"));
  } catch {
    rec = undefined;
  }
  rmSync(out, { recursive: true, force: true });
  const t = tally(rec, code);
  const minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  if (t.failures.length > 0) {
    console.log(`\nfailed${stalled ? " (the watchdog stopped a stalled run)" : ""}:`);
    for (const f of t.failures) console.log(`  ${f}`);
  }
  if (t.attacks > 0) console.log(`\nattack cases: ${t.attacks}, ${t.attacksFailed} failed`);
  console.log(`tests (${projects.join(" + ")}) took ${minutes} min (H_TEST_SLOW=${slow})`);
  console.log(`\n${closingLine(t)}`);
  addToTotals(t.passed, t.failed, t.skipped);
  return code !== 0 || t.failed > 0 ? 1 : 0;
}

/** H_TEST_TOTALS names a file that collects each tier's counts (.ci/run adds them up at the end). */
function addToTotals(passed, failed, skipped) {
  if (process.env.H_TEST_TOTALS) appendFileSync(process.env.H_TEST_TOTALS, `${passed} ${failed} ${skipped}\n`);
}
