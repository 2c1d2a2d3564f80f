// --learn end to end: the built hosts' dist/bin.js under strace, on the
// scripts whose advice used to be wrong (a probe of `/`, the heap limit, a
// whole script directory for one file, a program hsh cannot run, the CPU
// limit). Run as whoever runs the suite; skipped without strace.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bound, run } from "../../../tools/e2e/process.js";

const REPO = join(import.meta.dirname, "..", "..", "..");
const bin = (host: string) => join(REPO, "packages", host, "dist", "bin.js");
const hasStrace = ["/usr/bin/strace", "/bin/strace"].some(existsSync);
const built = (host: string) => existsSync(bin(host));

const work = mkdtempSync(join(tmpdir(), "h-learn-"));
chmodSync(work, 0o755);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function script(name: string, text: string): string {
  const p = join(work, name);
  writeFileSync(p, text);
  chmodSync(p, 0o644);
  return p;
}

async function learn(host: string, args: string[]): Promise<string> {
  const r = await run(["node", bin(host), ...args], { cwd: work, timeoutMs: bound(180_000) });
  expect(r.timedOut).toBe(false);
  return r.stderr;
}

const advice = (stderr: string) => stderr.slice(stderr.indexOf("--learn: the script ran"));

describe.skipIf(!hasStrace)("--learn", () => {
  it.skipIf(!built("hnode"))("hnode: a refused look at / the script survives is not a need", async () => {
    const f = script("probe.js", 'try { require("fs").readdirSync("/"); } catch {}\nconsole.log("hi");\n');
    const out = advice(await learn("hnode", ["--learn", f]));
    expect(out).not.toMatch(/--allow-read \/(\s|$)/);
    expect(out).toContain("it needed nothing beyond hnode's defaults");
    // Whether the kernel saw the look at / depends on Node's permission
    // model, whose grants follow where the package is installed; when it
    // did, it is listed as a probe, never proposed.
    if (out.includes("went on without it")) expect(out).toMatch(/went on without it[^\n]*\n {2}read \/ \(openat/);
  });

  it.skipIf(!built("hpython"))("hpython: bytearray(300M) names the data limit, not as", async () => {
    const f = script("big.py", "x = bytearray(300 * 2**20)\n");
    const out = advice(await learn("hpython", ["--learn", f]));
    expect(out).toMatch(/-r data=\d+M\s+# mmap of \d+M failed with ENOMEM: RLIMIT_DATA binds \(data=256M/);
    expect(out).not.toMatch(/-r as=/);
  });

  it.skipIf(!built("hpython"))("hpython: one file beside the script is that file, not -s", async () => {
    const data = script("data.txt", "one\n");
    const f = script("one.py", "import os\nprint(open(os.path.join(os.path.dirname(__file__), 'data.txt')).read())\n");
    const out = advice(await learn("hpython", ["--learn", f]));
    expect(out).toContain(`  --allow-read ${data}\n`);
    expect(out).not.toMatch(/^ {2}-s/m);
  });

  it.skipIf(!built("hsh"))("hsh: sort is a program outside the grants, not --allow-read /usr/bin/sort", async () => {
    const f = script("s.sh", 'printf "b\\na\\n" | sort\n');
    const out = advice(await learn("hsh", ["--learn", f]));
    expect(out).toMatch(
      /run \/usr\/bin\/sort: needs a program outside the grants \(hsh cannot run other programs yet\)/,
    );
    expect(out).not.toContain("--allow-read /usr/bin/sort");
  });

  const hasLua = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].some(existsSync);
  it.skipIf(!built("hlua") || !hasLua)("hlua: the CPU limit's SIGKILL gets -r cpu=N from a measured run", async () => {
    // About 2 s of CPU on a quiet machine; the command line's cpu=1 stops it.
    const f = script("spin.lua", "local n = 0\nfor i = 1, 8e8 do n = n + i end\nprint(n)\n");
    const out = advice(await learn("hlua", ["-r", "cpu=1", "--learn", f]));
    const m = /-r cpu=(\d+)\s+# the CPU time limit \(cpu=1\) stopped it; run again .* it used ([\d.]+) s/.exec(out);
    expect(m, out).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(Math.ceil(1.5 * Number(m![2])));
  });
});
