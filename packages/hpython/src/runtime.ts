// The runtime layout of one Python: where its stdlib, lib-dynload and
// site-packages are, and which shared libraries its extension modules need.
//
// Asked, not guessed: distributions move these (Debian: /usr/lib/python3.11
// plus /usr/lib/python3/dist-packages; pyenv: <prefix>/lib/python3.11 with
// site-packages inside), so the interpreter prints its own sysconfig once,
// outside the sandbox (`python -I -S -c ...`, about 15 ms). This is hpython's
// probe (HostProfile.probe): core runs it and caches the answer, plus the ELF
// closure of lib-dynload (about 70 files to parse for a full build), by the
// binary's identity, argv[0] (a venv changes sys.prefix) and
// /etc/ld.so.cache's identity (core/src/cache.ts; H_NO_CACHE=1 turns it off).
import { spawnSync } from "node:child_process";
import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { probeWithCache } from "@hsandbox/core";
import { libraryClosure } from "@hsandbox/landlock";

export const RUNTIME_SCHEMA = 4;

export interface RuntimeLibrary {
  readonly path: string;
  readonly soname: string;
  /** The first extension module that needs it (for --explain). */
  readonly neededBy: string;
}

export interface PythonRuntime {
  readonly schema: number;
  /** "3.11.7". */
  readonly version: string;
  readonly implementation: string;
  readonly prefix: string;
  readonly basePrefix: string;
  /** sysconfig's stdlib and platstdlib (often the same directory). */
  readonly stdlib: readonly string[];
  /** Directories named lib-dynload on sys.path. */
  readonly dynload: readonly string[];
  /** python311.zip and other zip entries of sys.path that exist. */
  readonly zips: readonly string[];
  /** site.getsitepackages() that exist (the venv's first in a venv). */
  readonly sitePackages: readonly string[];
  /**
   * Entries of a stdlib dir that has site-packages beneath it (pyenv and
   * python.org builds: lib/python3.11/site-packages), minus site-packages and
   * lib-dynload: granted one by one so that site-packages stays closed. Empty
   * when no site-packages is beneath the stdlib (Debian).
   */
  readonly stdlibEntries: readonly string[];
  /** Targets of symlinks in the stdlib dir that point outside it (Debian: sitecustomize.py -> /etc/python3.11/). */
  readonly outsideLinks: readonly { readonly link: string; readonly target: string }[];
  /** Shared libraries the extension modules in lib-dynload need, beyond the interpreter's own closure. */
  readonly libraries: readonly RuntimeLibrary[];
}

/**
 * Printed by the interpreter itself; -I -S: nothing from the environment, no
 * site import, so no .pth file runs code here, outside the sandbox. Without
 * site, a venv's pyvenv.cfg has not moved sys.prefix to the venv on builds
 * where site.py does that (Debian's 3.11), and getsitepackages() would name
 * the base install's. site.venv() would fix that but processes the venv's
 * .pth files; so the query reads pyvenv.cfg and moves sys.prefix as site.py
 * does, and asks getsitepackages() for the venv's prefix (a path
 * computation: nothing from the venv runs).
 */
export const QUERY = `
import json, os, site, sys, sysconfig
paths = sysconfig.get_paths()
sites = site.getsitepackages()
exe_dir = os.path.dirname(os.path.abspath(sys.executable))
venv_prefix = os.path.dirname(exe_dir)
cfgs = [c for c in (os.path.join(exe_dir, "pyvenv.cfg"), os.path.join(venv_prefix, "pyvenv.cfg")) if os.path.isfile(c)]
if cfgs and sys.prefix == sys.base_prefix:
    system_site = True
    with open(cfgs[0], encoding="utf-8") as f:
        for line in f:
            key, eq, value = line.partition("=")
            if eq and key.strip().lower() == "include-system-site-packages":
                system_site = value.strip().lower() == "true"
    sys.prefix = sys.exec_prefix = venv_prefix  # what site.venv() does; Debian's getsitepackages() looks at it
    sites = site.getsitepackages([venv_prefix]) + (sites if system_site else [])
print(json.dumps({
  "version": "%d.%d.%d" % sys.version_info[:3],
  "implementation": sys.implementation.name,
  "prefix": sys.prefix,
  "basePrefix": sys.base_prefix,
  "stdlib": [paths["stdlib"], paths["platstdlib"]],
  "path": sys.path,
  "site": sites,
}))
`;

export class RuntimeQueryError extends Error {
  override readonly name = "RuntimeQueryError";
}

interface Raw {
  version: string;
  implementation: string;
  prefix: string;
  basePrefix: string;
  stdlib: string[];
  path: string[];
  site: string[];
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** Runs the interpreter once (outside the sandbox, before anything is applied). */
export function queryInterpreter(binary: string, argv0: string): Raw {
  const r = spawnSync(binary, ["-I", "-S", "-c", QUERY], {
    argv0,
    env: {},
    encoding: "utf8",
    timeout: 10_000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.error || r.status !== 0) {
    const why = r.error?.message ?? (r.stderr.trim().split("\n").at(-1) || `exit status ${r.status}`);
    throw new RuntimeQueryError(`cannot ask ${binary} for its layout: ${why}`);
  }
  try {
    return JSON.parse(r.stdout) as Raw;
  } catch {
    throw new RuntimeQueryError(`${binary} printed no layout (is it CPython 3?)`);
  }
}

/** The lib-dynload modules' libraries not already in `skip` (the interpreter's own closure). */
export function dynloadLibraries(dynload: readonly string[], skip: ReadonlySet<string>): RuntimeLibrary[] {
  const out = new Map<string, RuntimeLibrary>();
  for (const dir of dynload) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith(".so"))
        .sort();
    } catch {
      continue;
    }
    for (const n of names) {
      let c: ReturnType<typeof libraryClosure>;
      try {
        c = libraryClosure(join(dir, n));
      } catch {
        continue; // not an ELF file we can read: the loader could not load it either
      }
      // Missing libraries (e.g. _tkinter without Tk installed) are skipped:
      // importing that module fails inside the sandbox just as outside.
      for (const lib of c.libraries) {
        if (skip.has(lib.realPath) || out.has(lib.realPath)) continue;
        out.set(lib.realPath, { path: lib.realPath, soname: lib.soname, neededBy: n });
      }
    }
  }
  return [...out.values()];
}

function outsideLinks(stdlib: readonly string[]): { link: string; target: string }[] {
  const out: { link: string; target: string }[] = [];
  for (const dir of stdlib) {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isSymbolicLink()) continue;
      const link = join(dir, e.name);
      try {
        const target = realpathSync(link);
        if (!stdlib.some((d) => target === d || target.startsWith(`${d}/`))) out.push({ link, target });
      } catch {
        // dangling link: nothing to grant
      }
    }
  }
  return out;
}

const beneath = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);

/** See PythonRuntime.stdlibEntries. */
export function stdlibEntries(stdlib: readonly string[], exclude: readonly string[]): string[] {
  const out: string[] = [];
  for (const dir of stdlib) {
    const inside = exclude.filter((e) => e !== dir && beneath(e, dir));
    if (!inside.some((e) => !e.endsWith("/lib-dynload"))) continue; // nothing to keep closed
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const p = join(dir, n);
      // Excluded dirs are direct children in every layout we know; a deeper
      // one would need its parent split the same way.
      if (!inside.includes(p)) out.push(p);
    }
  }
  return out;
}

export function buildRuntime(raw: Raw, interpreterClosure: ReadonlySet<string>): PythonRuntime {
  if (raw.implementation !== "cpython" || !raw.version.startsWith("3.")) {
    throw new RuntimeQueryError(`hpython runs CPython 3, not ${raw.implementation} ${raw.version}`);
  }
  const stdlib = uniq(raw.stdlib.filter(isDir).map((p) => realpathSync(p)));
  const dynload = uniq(raw.path.filter((p) => /\/lib-dynload\/?$/.test(p) && isDir(p)).map((p) => realpathSync(p)));
  const sitePackages = uniq(raw.site.filter(isDir).map((p) => realpathSync(p)));
  return {
    schema: RUNTIME_SCHEMA,
    version: raw.version,
    implementation: raw.implementation,
    prefix: raw.prefix,
    basePrefix: raw.basePrefix,
    stdlib,
    dynload,
    zips: raw.path.filter((p) => p.endsWith(".zip") && isFile(p)),
    sitePackages,
    stdlibEntries: stdlibEntries(stdlib, [...sitePackages, ...dynload]),
    outsideLinks: outsideLinks(stdlib),
    libraries: dynloadLibraries(dynload, interpreterClosure),
  };
}

export interface RuntimeLookup {
  readonly runtime: PythonRuntime;
  /** "cache" or "asked the interpreter". */
  readonly source: string;
}

/** Asks the interpreter (uncached): hpython's probe. */
export function askRuntime(
  binary: string,
  argv0: string,
  interpreterClosure: () => ReadonlySet<string>,
): PythonRuntime {
  return buildRuntime(queryInterpreter(binary, argv0), interpreterClosure());
}

/** The runtime of `binary` run as `argv0`, through core's cache (as a launch gets it). */
export function loadRuntime(
  binary: string,
  argv0: string,
  interpreterClosure: () => ReadonlySet<string>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): RuntimeLookup {
  const { answer, cached } = probeWithCache<PythonRuntime>(
    "hpython",
    { schema: RUNTIME_SCHEMA, libraries: true, key: () => argv0, run: (b) => askRuntime(b, argv0, interpreterClosure) },
    binary,
    env,
  );
  return { runtime: answer, source: cached ? "cache" : "asked the interpreter" };
}
