// hpython with a pyenv interpreter, whose site-packages lies beneath its
// standard library (lib/python3.11/site-packages): Landlock's listing right
// on the stdlib covers it, so without --site an import of an installed
// package used to find it, fail to read it, and raise PermissionError where
// a script's `except ImportError` fallback expects ImportError. The boot now
// takes site-packages off sys.path (--closed); with --site it imports.
// Skipped where no pyenv interpreter is installed (the CI image may lack it).
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../../tools/e2e/deploy.js";
import { run } from "../../../tools/e2e/process.js";

const VERSIONS = "/root/.pyenv/versions";
/** A pyenv interpreter with some package in its site-packages, or undefined. */
function pyenvPython(): { python: string; pkg: string } | undefined {
  if (!existsSync(VERSIONS)) return undefined;
  for (const v of readdirSync(VERSIONS).sort()) {
    const lib = join(VERSIONS, v, "lib");
    const py = readdirSync(lib).find((d) => /^python3\.\d+$/.test(d));
    const site = py ? join(lib, py, "site-packages") : undefined;
    const python = join(VERSIONS, v, "bin", py ?? "python3");
    if (!site || !existsSync(site) || !existsSync(python)) continue;
    // pip is in every pyenv install, pure Python and quick to import.
    const pkg = existsSync(join(site, "pip", "__init__.py")) ? "pip" : undefined;
    if (pkg) return { python, pkg };
  }
  return undefined;
}

const found = pyenvPython();
let deployed: string;
let work: string;

describe.skipIf(found === undefined || process.getuid?.() !== 0)(
  "hpython with a pyenv interpreter (site-packages beneath the stdlib)",
  () => {
    beforeAll(() => {
      deployed = deploy(["hpython"]);
      work = mkdtempSync("/var/tmp/h-pyenv-");
      writeFileSync(
        join(work, "main.py"),
        `try:\n    import ${found?.pkg}\n    print("imported")\nexcept ImportError as e:\n    print("fallback", type(e).__name__)\n`,
      );
    }, 120_000);
    afterAll(() => {
      rmSync(deployed, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    });
    const hpython = (args: string[]) =>
      run(
        [
          process.execPath,
          join(deployed, "hpython", "dist", "bin.js"),
          "--interpreter",
          found?.python ?? "",
          ...args,
          join(work, "main.py"),
        ],
        {
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
          timeoutMs: 60_000,
        },
      );

    it("without --site an installed package is an ImportError, not a PermissionError", async () => {
      const r = await hpython([]);
      expect(r.stdout, r.stderr).toContain("fallback ModuleNotFoundError");
      expect(r.stderr).not.toContain("PermissionError");
    });

    it("with --site it imports", async () => {
      const r = await hpython(["--site"]);
      expect(r.stdout, r.stderr).toContain("imported");
    });
  },
);

/** Every pyenv CPython from 3.9 on (3.8 is past its end of life: its threads call pthread_exit, which dlopens libgcc_s, not granted). */
function pyenvPythons(): string[] {
  if (!existsSync(VERSIONS)) return [];
  return readdirSync(VERSIONS)
    .filter((v) => /^3\.(9|1\d)\.\d+$/.test(v))
    .map((v) => join(VERSIONS, v, "bin", `python${v.split(".").slice(0, 2).join(".")}`))
    .filter(existsSync);
}

describe.skipIf(pyenvPythons().length === 0 || process.getuid?.() !== 0)("hpython on every pyenv CPython 3.9+", () => {
  let dir: string;
  let hello: string;
  beforeAll(() => {
    deployed = deploy(["hpython"]);
    dir = mkdtempSync("/var/tmp/h-pyenv-all-");
    hello = join(dir, "hello.py");
    writeFileSync(
      hello,
      "import json, sys, threading\nt = threading.Thread(target=lambda: None)\nt.start()\nt.join()\nprint(sys.version.split()[0], json.dumps({'ok': 1}))\n",
    );
  }, 120_000);
  afterAll(() => {
    rmSync(deployed, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  it.each(
    pyenvPythons(),
  )("%s starts, runs a thread and exits 0 (3.8-3.10 dup fds 0-2 at startup; 3.13 opens with open(2))", async (python) => {
    const r = await run(
      [process.execPath, join(deployed, "hpython", "dist", "bin.js"), "--interpreter", python, hello],
      {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
        timeoutMs: 60_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('{"ok": 1}');
    expect(r.stderr).not.toContain("the script was stopped");
  });
});
