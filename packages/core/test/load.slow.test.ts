// Load: per host, H_LOAD_LAUNCHES (default 1000) back-to-back launches and
// H_LOAD_CONCURRENT (default 50) launches at once of a hello script: zero
// failures (exit 0 and the expected output every time) and zero stray
// processes afterwards (no process still runs the load script; the count of
// uid 65534's processes is reported too, not asserted: other suites may run
// as 65534 at the same time). H_LOAD_HOSTS=hlua,hsh limits the hosts.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy, HOSTS } from "../../../tools/e2e/deploy.js";
import { forEveryHost } from "../../../tools/workspace.mjs";

const LAUNCHES = Number(process.env.H_LOAD_LAUNCHES ?? 1000);
const CONCURRENT = Number(process.env.H_LOAD_CONCURRENT ?? 50);
const HOSTS_UNDER_LOAD = (process.env.H_LOAD_HOSTS?.split(",") ?? [...HOSTS]).filter(Boolean);

const SCRIPTS: Record<string, [string, string]> = forEveryHost("the load scripts", {
  hlua: ["main.lua", 'print("ok " .. arg[1])\n'],
  hsh: ["main.sh", 'echo "ok $1"\n'],
  hpython: ["main.py", 'import sys\nprint("ok", sys.argv[1])\n'],
  hnode: ["main.cjs", 'console.log("ok", process.argv[2]);\n'],
});

let deployed: string;
let work: string;
beforeAll(() => {
  deployed = deploy(HOSTS_UNDER_LOAD);
  work = mkdtempSync("/var/tmp/h-load-");
  chmodSync(work, 0o755);
  for (const [file, text] of Object.values(SCRIPTS)) writeFileSync(join(work, file), text, { mode: 0o644 });
}, 120_000);
afterAll(() => {
  rmSync(deployed, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Processes whose command line names the load dir (the sandboxed interpreters run the script from there). */
function strays(): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, "utf8").includes(work)) out.push(Number(e));
    } catch {}
  }
  return out;
}
function processesOf(uid: number): number {
  let n = 0;
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const m = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${e}/status`, "utf8"));
      if (m && Number(m[1]) === uid) n++;
    } catch {}
  }
  return n;
}

function launch(host: string, i: number): Promise<string | undefined> {
  const [file] = SCRIPTS[host]!;
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(deployed, host, "dist", "bin.js"), join(work, file), String(i)], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ok = code === 0 && out === `ok ${i}\n` && !/error|Error/.test(err);
      done(
        ok
          ? undefined
          : `launch ${i}: code=${code} signal=${signal} stdout=${JSON.stringify(out)} stderr=${err.slice(0, 500)}`,
      );
    });
  });
}

describe("load", () => {
  for (const host of HOSTS_UNDER_LOAD) {
    it(`${host}: ${LAUNCHES} back-to-back launches, then ${CONCURRENT} at once; no failure, no stray process`, async () => {
      const before65534 = processesOf(65534);
      const t0 = performance.now();
      const failures: string[] = [];
      for (let i = 0; i < LAUNCHES; i++) {
        const f = await launch(host, i);
        if (f) failures.push(f);
      }
      const t1 = performance.now();
      const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => launch(host, LAUNCHES + i)));
      const t2 = performance.now();
      failures.push(...results.filter((r): r is string => r !== undefined));
      // Give exiting processes a moment to be reaped.
      let left = strays();
      for (let k = 0; k < 20 && left.length > 0; k++) {
        await new Promise((r) => setTimeout(r, 100));
        left = strays();
      }
      console.log(
        `load ${host}: ${LAUNCHES} sequential in ${((t1 - t0) / 1000).toFixed(1)} s ` +
          `(${((t1 - t0) / Math.max(LAUNCHES, 1)).toFixed(0)} ms each), ${CONCURRENT} concurrent in ` +
          `${((t2 - t1) / 1000).toFixed(1)} s; failures ${failures.length}; strays ${left.length}; ` +
          `uid 65534 processes ${before65534} before, ${processesOf(65534)} after`,
      );
      expect(failures.slice(0, 5)).toEqual([]);
      expect(left).toEqual([]);
    }, 3_600_000);
  }
});
