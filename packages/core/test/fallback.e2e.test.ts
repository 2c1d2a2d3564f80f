// Fallbacks, end to end with the built hlua: the planner is made to see a
// lower Landlock ABI (H_TEST_LANDLOCK_ABI, honoured only when lowering) and
// the seccomp step is made to fail (H_TEST_SECCOMP_FAIL). By default a kernel
// that cannot enforce the whole policy is a clear refusal (exit 1, one line
// and a hint, the script never runs); --best-effort runs and says, line by
// line, what was dropped, and what remains still confines the script.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../../tools/e2e/deploy.js";
import { run } from "../../../tools/e2e/process.js";

const isRoot = process.getuid?.() === 0;
let deployed: string;
let work: string;
let secret: string;
let script: string;

beforeAll(() => {
  deployed = deploy(["hlua"]);
  work = mkdtempSync("/var/tmp/h-fallback-");
  chmodSync(work, 0o755);
  secret = join(work, "secret.txt");
  writeFileSync(secret, "FALLBACK-SECRET\n", { mode: 0o644 });
  script = join(work, "main.lua");
  writeFileSync(
    script,
    `print("ran")\nlocal f = io.open(${JSON.stringify(secret)})\nprint(f and ("read: " .. f:read("l")) or "secret: denied")\n`,
    { mode: 0o644 },
  );
}, 120_000);
afterAll(() => {
  rmSync(deployed, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Runs hlua; as uid 65534 when `unprivileged` and the suite runs as root. */
async function hlua(env: Record<string, string>, args: string[], unprivileged = false) {
  const argv = [process.execPath, join(deployed, "hlua", "dist", "bin.js"), ...args, script];
  const cmd =
    unprivileged && isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv] : argv;
  const r = await run(cmd, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, timeoutMs: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What hlua asks of Landlock, and from which ABI on the kernel has it. */
const FEATURES: [number, string][] = [
  [3, "TRUNCATE"],
  [4, "CONNECT_TCP"],
  [5, "IOCTL_DEV"],
  [6, "SIGNAL scope"],
  [6, "ABSTRACT_UNIX_SOCKET scope"],
];
const NEEDED = 6;

describe("Landlock capped at ABI N (H_TEST_LANDLOCK_ABI)", () => {
  for (let n = 0; n <= 7; n++) {
    it(`ABI ${n}: ${n < NEEDED ? "strict refuses, --best-effort runs and reports the drops" : "runs, nothing dropped"}`, async () => {
      const strict = await hlua({ H_TEST_LANDLOCK_ABI: String(n) }, []);
      if (n < NEEDED) {
        expect(strict.code).toBe(1);
        expect(strict.stdout).toBe("");
        expect(strict.stderr).toContain("hlua: the kernel cannot enforce this sandbox:");
        expect(strict.stderr).toContain("hint: --best-effort");
        expect(strict.stderr).not.toMatch(/\n\s+at /);
      } else {
        expect(strict.stderr).not.toContain("best effort");
        expect(strict.code).toBe(0);
        expect(strict.stdout).toContain("secret: denied");
      }
      // Best effort as the unprivileged user (a root launcher that falls back
      // drops to 65534 entirely; see the report for that path).
      const be = await hlua({ H_TEST_LANDLOCK_ABI: String(n) }, ["--best-effort"], true);
      expect(be.code, be.stderr).toBe(0);
      expect(be.stdout).toContain("ran");
      if (n === 0) {
        expect(be.stderr).toContain("hlua: best effort: Landlock is not available");
        // Honest: without Landlock nothing confines reads; only the filter,
        // the rlimits and the boot script's refusals remain.
        expect(be.stdout).toContain("read: FALLBACK-SECRET");
      } else {
        expect(be.stdout).toContain("secret: denied");
        for (const [since, what] of FEATURES) {
          if (n < since)
            expect(be.stderr).toContain(`hlua: best effort: ${what} needs Landlock ABI ${since}, kernel has ${n}`);
          else expect(be.stderr).not.toContain(`${what} needs`);
        }
      }
      const explain = await hlua({ H_TEST_LANDLOCK_ABI: String(n) }, ["--best-effort", "--explain"]);
      expect(explain.code, explain.stderr).toBe(0);
    });
  }

  it("values that would raise the ABI, or are not ABIs, are ignored", async () => {
    for (const v of ["8", "99", "-1", "abc", "", "7.5"]) {
      const r = await hlua({ H_TEST_LANDLOCK_ABI: v }, []);
      expect(r.code, `${v}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toContain("best effort");
      expect(r.stdout).toContain("secret: denied");
    }
  });
});

describe("seccomp unavailable (H_TEST_SECCOMP_FAIL=1)", () => {
  for (const args of [[], ["--best-effort"], ["--on-violation", "errno"]]) {
    it(`refuses clearly ${args.join(" ") || "by default"}: exit 1, one line and a hint, the script never runs`, async () => {
      const r = await hlua({ H_TEST_SECCOMP_FAIL: "1" }, args, true);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("hlua: seccomp(SECCOMP_SET_MODE_FILTER) failed: ENOSYS");
      expect(r.stderr).toContain("hint: is seccomp enabled");
    });
  }
  it("any other value is ignored", async () => {
    const r = await hlua({ H_TEST_SECCOMP_FAIL: "0" }, []);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("ran");
  });
});
