import { describe, expect, it } from "vitest";
import {
  PythonResolveError,
  pyenvRootOfShim,
  pyenvVersions,
  pyvenvHome,
  type ResolveEnv,
  resolvePython,
} from "./interpreter.js";

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
const SHIM = `#!/usr/bin/env bash
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="\${0##*/}"

export PYENV_ROOT="/root/.pyenv"
exec "/root/.pyenv/libexec/pyenv" exec "$program" "$@"
`;

/** A fake file system: path -> contents (Buffer for binaries), links: path -> target. */
function fake(
  files: Record<string, string | Buffer>,
  opts: { env?: Record<string, string>; cwd?: string; links?: Record<string, string> } = {},
): ResolveEnv {
  const links = opts.links ?? {};
  const real = (p: string): string => {
    let q = p;
    for (let i = 0; i < 10 && links[q] !== undefined; i++) q = links[q]!;
    return q;
  };
  return {
    env: { PATH: "/root/.pyenv/shims:/usr/local/bin:/usr/bin:/bin", ...(opts.env ?? {}) },
    cwd: opts.cwd ?? "/home/u/project",
    readHead: (p) => {
      const f = files[real(p)];
      return f === undefined ? undefined : Buffer.isBuffer(f) ? f : Buffer.from(f);
    },
    readText: (p) => {
      const f = files[real(p)];
      return f === undefined ? undefined : f.toString();
    },
    isFile: (p) => files[real(p)] !== undefined,
    realpath: real,
  };
}

const PYENV_FILES = {
  "/root/.pyenv/shims/python3": SHIM,
  "/root/.pyenv/version": "3.11.7\n",
  "/root/.pyenv/versions/3.11.7/bin/python3.11": ELF,
  "/root/.pyenv/versions/3.12.1/bin/python3.12": ELF,
  "/usr/bin/python3.11": ELF,
};
const PYENV_LINKS = {
  "/root/.pyenv/versions/3.11.7/bin/python3": "/root/.pyenv/versions/3.11.7/bin/python3.11",
  "/root/.pyenv/versions/3.12.1/bin/python3": "/root/.pyenv/versions/3.12.1/bin/python3.12",
  "/usr/bin/python3": "/usr/bin/python3.11",
};

describe("pyenv shims", () => {
  it("recognises a shim and reads PYENV_ROOT from it", () => {
    expect(pyenvRootOfShim("/x/shims/python3", SHIM)).toBe("/root/.pyenv");
    expect(pyenvRootOfShim("/opt/pyenv/shims/python3", SHIM.replace(/^export.*$/m, ""))).toBe("/opt/pyenv");
    expect(pyenvRootOfShim("/usr/bin/foo", '#!/bin/sh\nexec python3 "$@"\n')).toBeUndefined();
  });

  it("uses $PYENV_ROOT/version when nothing else names a version", () => {
    const r = resolvePython("/root/.pyenv/shims/python3", fake(PYENV_FILES, { links: PYENV_LINKS }));
    expect(r.binary).toBe("/root/.pyenv/versions/3.11.7/bin/python3.11");
    expect(r.argv0).toBe(r.binary);
    expect(r.via).toContain("pyenv 3.11.7 (from /root/.pyenv/version)");
  });

  it("PYENV_VERSION wins, then .python-version from the current directory upwards", () => {
    const env = fake(PYENV_FILES, { links: PYENV_LINKS, env: { PYENV_VERSION: "3.12.1" } });
    expect(resolvePython("/root/.pyenv/shims/python3", env).binary).toBe("/root/.pyenv/versions/3.12.1/bin/python3.12");
    const files = { ...PYENV_FILES, "/home/u/.python-version": "# comment\n3.12.1\n" };
    const v = pyenvVersions("/root/.pyenv", fake(files, { cwd: "/home/u/project/src" }));
    expect(v).toEqual({ versions: ["3.12.1"], origin: "/home/u/.python-version" });
  });

  it("takes the first listed version that has the program, and 'system' from PATH past the shims", () => {
    const env = fake(PYENV_FILES, { links: PYENV_LINKS, env: { PYENV_VERSION: "3.9.0:system" } });
    const r = resolvePython("/root/.pyenv/shims/python3", env);
    expect(r.binary).toBe("/usr/bin/python3.11");
    expect(r.via).toContain("pyenv system");
  });

  it("refuses a version that is not installed", () => {
    const env = fake(PYENV_FILES, { links: PYENV_LINKS, env: { PYENV_VERSION: "3.9.0" } });
    expect(() => resolvePython("/root/.pyenv/shims/python3", env)).toThrow(PythonResolveError);
  });
});

describe("venvs", () => {
  const files = {
    "/usr/bin/python3.11": ELF,
    "/srv/venv/pyvenv.cfg": "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n",
  };
  it("execs the base binary with the venv's python as argv[0]", () => {
    const r = resolvePython(
      "/srv/venv/bin/python3",
      fake(files, { links: { "/srv/venv/bin/python3": "/usr/bin/python3.11" } }),
    );
    expect(r).toEqual({
      binary: "/usr/bin/python3.11",
      argv0: "/srv/venv/bin/python3",
      via: "venv /srv/venv",
      venv: "/srv/venv",
    });
  });
  it("follows pyvenv.cfg's home when the venv's python is not the binary itself", () => {
    const f = { ...files, "/srv/venv/bin/python3": "#!/bin/sh\n# some wrapper\n" };
    const r = resolvePython("/srv/venv/bin/python3", fake(f, { links: { "/usr/bin/python3": "/usr/bin/python3.11" } }));
    expect(r.binary).toBe("/usr/bin/python3.11");
    expect(r.venv).toBe("/srv/venv");
  });
  it("parses home from pyvenv.cfg", () => {
    expect(pyvenvHome("version = 3\n home =  /opt/py/bin \n")).toBe("/opt/py/bin");
    expect(pyvenvHome("version = 3\n")).toBeUndefined();
  });
});

describe("wrappers and plain binaries", () => {
  it("resolves a symlink to its ELF target", () => {
    const r = resolvePython(
      "/usr/bin/python3",
      fake({ "/usr/bin/python3.11": ELF }, { links: { "/usr/bin/python3": "/usr/bin/python3.11" } }),
    );
    expect(r.binary).toBe("/usr/bin/python3.11");
  });
  it("skips an unknown wrapper script for the next python3 on PATH", () => {
    const env = fake(
      { "/usr/local/bin/python3": '#!/bin/sh\nexec /opt/python "$@"\n', "/usr/bin/python3.11": ELF },
      { links: { "/usr/bin/python3": "/usr/bin/python3.11" } },
    );
    const r = resolvePython("/usr/local/bin/python3", env);
    expect(r.binary).toBe("/usr/bin/python3.11");
    expect(r.via).toContain("wrapper script");
  });
  it("refuses a wrapper with nothing behind it", () => {
    expect(() => resolvePython("/usr/bin/python3", fake({ "/usr/bin/python3": "#!/bin/sh\n" }))).toThrow(/is a script/);
  });
});
