// hpython with a venv's interpreter: --site grants the venv's own
// site-packages (the layout probe reads pyvenv.cfg, since it runs -S and
// must not run the venv's .pth files outside the sandbox), so a package
// installed there imports; without --site it is not importable and
// `except ImportError` falls back. As root and as uid 65534.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../../tools/e2e/deploy.js";
import { run, runOk } from "../../../tools/e2e/process.js";

const PYTHON = "/usr/bin/python3.11";
const isRoot = process.getuid?.() === 0;
let deployed: string;
let work: string;
let venv: string;

beforeAll(async () => {
  deployed = deploy(["hpython"]);
  work = mkdtempSync("/var/tmp/h-venv-");
  chmodSync(work, 0o755);
  venv = join(work, "venv");
  await runOk([PYTHON, "-m", "venv", "--without-pip", venv], { timeoutMs: 120_000 });
  const pkg = join(venv, "lib", "python3.11", "site-packages", "venvpkg");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, "__init__.py"), "ANSWER = 42\n");
  // A .pth file that would run code if the probe imported site: it must not.
  writeFileSync(
    join(venv, "lib", "python3.11", "site-packages", "probe.pth"),
    `import os; os.mkdir(${JSON.stringify(join(work, "pth-ran"))})\n`,
  );
  writeFileSync(
    join(work, "main.py"),
    "try:\n    import venvpkg\n    print('imported', venvpkg.ANSWER)\nexcept ImportError as e:\n    print('fallback', type(e).__name__)\n",
  );
  await runOk(["chmod", "-R", "a+rX", work]);
}, 300_000);
afterAll(() => {
  rmSync(deployed, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

for (const unprivileged of isRoot ? [false, true] : [false]) {
  describe(`hpython with a venv's interpreter${unprivileged ? " as uid 65534" : ""}`, () => {
    const hpython = (args: string[]) => {
      const argv = [
        process.execPath,
        join(deployed, "hpython", "dist", "bin.js"),
        "--interpreter",
        join(venv, "bin", "python"),
        ...args,
        join(work, "main.py"),
      ];
      const cmd =
        unprivileged && isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv] : argv;
      return run(cmd, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", H_NO_CACHE: "1" }, timeoutMs: 60_000 });
    };

    it("--site grants the venv's site-packages, not only the base install's, and no .pth ran outside", async () => {
      const explain = await hpython(["--site", "--explain"]);
      expect(explain.stdout).toContain(join(venv, "lib", "python3.11", "site-packages"));
      const r = await hpython(["--site"]);
      expect(r.stdout, r.stderr).toContain("imported 42");
      const ran = await run(["test", "-e", join(work, "pth-ran")]);
      expect(ran.status, "the venv's .pth file ran outside the sandbox").not.toBe(0);
    });

    it("without --site the package is not importable, and ImportError lets the script fall back", async () => {
      const r = await hpython([]);
      expect(r.stdout, r.stderr).toContain("fallback ModuleNotFoundError");
    });
  });
}
