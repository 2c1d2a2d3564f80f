// Where a Python keeps what it loads at run time, as the interpreter itself
// reports it (distributions move these: Debian has /usr/lib/python3.11 and
// /usr/lib/python3/dist-packages, pyenv puts site-packages inside the stdlib).
// The query runs with -I -S: nothing from the environment, no site import.

/** The program to pass to `python -I -S -c`; it prints one JSON object. */
export const PYTHON_QUERY = `
import json, site, sys, sysconfig
p = sysconfig.get_paths()
print(json.dumps({
  "stdlib": [p["stdlib"], p["platstdlib"]],
  "dynload": [d for d in sys.path if d.endswith("lib-dynload")],
  "site": site.getsitepackages(),
}))
`;

export interface PythonDirs {
  readonly stdlib: readonly string[];
  readonly dynload: readonly string[];
  readonly sitePackages: readonly string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Parses the query's output; `exists` keeps only directories that are there (site lists candidates). */
export function parsePythonDirs(stdout: string, exists: (dir: string) => boolean): PythonDirs {
  const j = JSON.parse(stdout) as Record<string, unknown>;
  const uniq = (xs: string[]) => [...new Set(xs)].filter(exists);
  return { stdlib: uniq(strings(j.stdlib)), dynload: uniq(strings(j.dynload)), sitePackages: uniq(strings(j.site)) };
}

/** Is this program name a CPython 3 (python3, python3.11, python)? */
export const isPython = (name: string): boolean => /^python(3(\.\d+)?)?$/.test(name);
