// Which Python to exec. `python3` on PATH is often not the interpreter
// itself: a pyenv shim is a bash script that asks pyenv which version to run,
// and a venv's bin/python3 is a link whose meaning depends on the path it was
// called by. We never exec a wrapper (the sandbox allows executing the
// interpreter only) and never run bash or pyenv to ask: the answer is derived
// from files, the way pyenv itself derives it.
//
// The result is the real ELF binary (what Landlock lets execute) plus the
// argv[0] to give it: for a venv, the venv's own bin/python3, because CPython
// finds pyvenv.cfg (and so sets sys.prefix to the venv) relative to argv[0].
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathDirs, which } from "@hsandbox/core";
import { hasElfMagic } from "@hsandbox/landlock";

export interface PythonResolution {
  /** The real ELF interpreter to exec. */
  readonly binary: string;
  /** argv[0] for it (the venv's python for a venv, otherwise the binary). */
  readonly argv0: string;
  /** How it was found, for --explain and errors: "pyenv 3.11.7 (from /root/.pyenv/version)". */
  readonly via: string;
  /** The venv directory (where pyvenv.cfg is), when the interpreter runs as a venv. */
  readonly venv?: string;
}

/** What resolution may look at; tests pass fakes. */
export interface ResolveEnv {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly readHead: (path: string) => Buffer | undefined;
  readonly readText: (path: string) => string | undefined;
  readonly isFile: (path: string) => boolean;
  readonly realpath: (path: string) => string;
}

export class PythonResolveError extends Error {
  override readonly name = "PythonResolveError";
}

function readHead(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const b = Buffer.alloc(4096);
    return b.subarray(0, readSync(fd, b, 0, b.length, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export const realResolveEnv = (): ResolveEnv => ({
  env: process.env,
  cwd: process.cwd(),
  readHead,
  readText: (p) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  },
  isFile: (p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  },
  realpath: (p) => realpathSync(p),
});

const isElfHead = (b: Buffer | undefined): boolean => b !== undefined && hasElfMagic(b);

/** A pyenv shim: `exec "$PYENV_ROOT/libexec/pyenv" exec "$program" "$@"`. Returns PYENV_ROOT, or undefined. */
export function pyenvRootOfShim(path: string, text: string): string | undefined {
  if (!text.startsWith("#!") || !/libexec\/pyenv"? exec /.test(text)) return undefined;
  const m = /^export PYENV_ROOT="([^"]+)"$/m.exec(text);
  if (m?.[1]) return m[1];
  // Older shims do not export it: the shim lives in $PYENV_ROOT/shims.
  return dirname(dirname(path));
}

/**
 * pyenv's version selection (pyenv-version-name, pyenv-version-file):
 * PYENV_VERSION, else the nearest .python-version from the current directory
 * up, else $PYENV_ROOT/version, else "system". Several versions may be named
 * (":"-separated, or one per line); the first that has the program wins.
 */
export function pyenvVersions(root: string, r: ResolveEnv): { versions: string[]; origin: string } {
  const fromEnv = r.env.PYENV_VERSION;
  if (fromEnv) return { versions: fromEnv.split(":").filter(Boolean), origin: "PYENV_VERSION" };
  const parse = (t: string) =>
    t
      .split("\n")
      .flatMap((line) => line.replace(/#.*/, "").split(/\s+/))
      .filter(Boolean);
  let dir = r.env.PYENV_DIR ? resolve(r.cwd, r.env.PYENV_DIR) : r.cwd;
  for (;;) {
    const f = join(dir, ".python-version");
    const t = r.isFile(f) ? r.readText(f) : undefined;
    if (t !== undefined && parse(t).length > 0) return { versions: parse(t), origin: f };
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const global = join(root, "version");
  const t = r.readText(global);
  if (t !== undefined && parse(t).length > 0) return { versions: parse(t), origin: global };
  return { versions: ["system"], origin: "default" };
}

/** A venv's bin dir: pyvenv.cfg beside it or one level up (CPython's getpath looks in both). */
export function venvOf(found: string, r: ResolveEnv): string | undefined {
  const bin = dirname(found);
  for (const d of [dirname(bin), bin]) if (r.isFile(join(d, "pyvenv.cfg"))) return d;
  return undefined;
}

/** `home = /usr/bin` in pyvenv.cfg: the base interpreter's directory. */
export function pyvenvHome(cfg: string): string | undefined {
  for (const line of cfg.split("\n")) {
    const m = /^\s*home\s*=\s*(.+?)\s*$/.exec(line);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** The first `name` on PATH that is a file, from the directory after `after` on, passing over `skip`ped ones. */
function nextOnPath(
  name: string,
  after: string | undefined,
  skip: (dir: string) => boolean,
  r: ResolveEnv,
): string | undefined {
  const dirs = pathDirs(r.env.PATH).map((d) => resolve(d));
  const from = after === undefined ? 0 : dirs.indexOf(after) + 1;
  return which(
    name,
    dirs.slice(from).filter((d) => !skip(d)),
    r.isFile,
  );
}

/**
 * Maps what PATH (or --interpreter) found to the interpreter to exec.
 * Throws PythonResolveError when it cannot be resolved without running code.
 */
export function resolvePython(found: string, r: ResolveEnv = realResolveEnv(), depth = 0): PythonResolution {
  if (depth > 8) throw new PythonResolveError(`${found}: too many levels of wrappers`);
  const path = resolve(r.cwd, found);
  const head = r.readHead(path);
  if (head === undefined) throw new PythonResolveError(`${path}: cannot be read`);

  // venv: keep the venv path as argv[0]; exec the real binary.
  const venv = venvOf(path, r);
  if (venv !== undefined) {
    let base: string | undefined;
    if (isElfHead(head)) base = r.realpath(path);
    else {
      const home = pyvenvHome(r.readText(join(venv, "pyvenv.cfg")) ?? "");
      if (home !== undefined) {
        const inner = resolvePython(join(home, basename(path)), r, depth + 1);
        base = inner.binary;
      }
    }
    if (base === undefined) throw new PythonResolveError(`${path}: venv without a usable 'home =' in pyvenv.cfg`);
    return { binary: base, argv0: path, via: `venv ${venv}`, venv };
  }

  if (isElfHead(head)) {
    const binary = r.realpath(path);
    return { binary, argv0: binary, via: path === binary ? "PATH" : `${path} -> ${binary}` };
  }

  const text = head.toString("utf8");
  const root = pyenvRootOfShim(path, text);
  if (root !== undefined) {
    const program = basename(path);
    const { versions, origin } = pyenvVersions(root, r);
    for (const v of versions) {
      if (v === "system") {
        // pyenv's "system": the next one on PATH that is not a shim.
        const shimDirs = (d: string) => d.startsWith(`${root}/`) || d === root;
        const sys = nextOnPath(program, undefined, shimDirs, r);
        if (sys !== undefined) {
          const inner = resolvePython(sys, r, depth + 1);
          return { ...inner, via: `pyenv system (from ${origin}): ${inner.via}` };
        }
        continue;
      }
      const candidate = join(root, "versions", v, "bin", program);
      if (!r.isFile(candidate)) continue;
      const inner = resolvePython(candidate, r, depth + 1);
      return { ...inner, via: `pyenv ${v} (from ${origin})` };
    }
    throw new PythonResolveError(
      `${path} is a pyenv shim, but pyenv version ${versions.join(":")} (from ${origin}) has no ${program}`,
    );
  }

  // Some other wrapper script: we cannot know what it would run. Use the next
  // real interpreter on PATH after the wrapper's directory, as a shell would
  // if the wrapper were not there.
  const next = nextOnPath(basename(path), dirname(path), () => false, r);
  if (next !== undefined && next !== path) {
    const inner = resolvePython(next, r, depth + 1);
    return { ...inner, via: `${path} is a wrapper script; next on PATH: ${inner.via}` };
  }
  throw new PythonResolveError(`${path} is a script, not the Python interpreter`);
}
