// Which package.json decides whether a .js script is CommonJS or ESM: the
// nearest one above the script (node stops at the first it finds). hnode
// grants that one file read-only so that "type": "module" works without -s.
// A package.json node cannot read is, to node, no package.json at all: the
// script would silently become CommonJS.
import { statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export type IsFile = (path: string) => boolean;

const isFileOnDisk: IsFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The nearest package.json at or above `dir`, or undefined. */
export function nearestPackageJson(dir: string, isFile: IsFile = isFileOnDisk): string | undefined {
  let d = dir;
  for (;;) {
    // Like node's getPackageScopeConfig: a node_modules directory ends the
    // search (its package.json is no package's scope).
    if (basename(d) === "node_modules") return undefined;
    const p = join(d, "package.json");
    if (isFile(p)) return p;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
