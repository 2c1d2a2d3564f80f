// The workspace, discovered instead of listed: which packages are hosts.
// A host is a package under packages/ whose package.json says
// `"h": { "host": true }`; its directory is named like the package and it has
// a bin of its own name (packages/<host>/dist/bin.js once built). Tools,
// scripts and tests ask here, so a fifth host needs no list edited. Data that
// is per host (a demo script, a workload) stays keyed by host name and is
// checked with forEveryHost.
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";

export const REPO = realpathSync(join(import.meta.dirname, ".."));

/** Every host of the workspace, sorted by name. */
export function hosts(repo = REPO) {
  const out = [];
  for (const d of readdirSync(join(repo, "packages")).sort()) {
    const dir = join(repo, "packages", d);
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8"));
    if (pkg.h?.host !== true) continue;
    const where = `packages/${d}/package.json`;
    if (pkg.name !== d) throw new Error(`${where}: a host's directory is named like its package (${pkg.name})`);
    const bin = typeof pkg.bin === "object" && pkg.bin !== null ? pkg.bin[pkg.name] : undefined;
    if (typeof bin !== "string") throw new Error(`${where}: a host has a bin named ${pkg.name}`);
    out.push({ name: pkg.name, dir, bin: join(dir, bin) });
  }
  if (out.length === 0) throw new Error(`no package under ${join(repo, "packages")} says "h": { "host": true }`);
  return out;
}

/** The hosts' names, sorted. */
export function hostNames(repo = REPO) {
  return hosts(repo).map((h) => h.name);
}

/** The path of a host's bin (built or not). */
export function hostBin(name, repo = REPO) {
  const h = hosts(repo).find((x) => x.name === name);
  if (h === undefined)
    throw new Error(`${name} is not a host of this workspace (hosts: ${hostNames(repo).join(", ")})`);
  return h.bin;
}

/**
 * Per-host data must name every host and nothing else: returns `record`, or
 * throws naming `what` and the hosts missing or unknown.
 */
export function forEveryHost(what, record, repo = REPO) {
  const want = hostNames(repo);
  const have = Object.keys(record);
  const missing = want.filter((h) => !have.includes(h));
  const unknown = have.filter((h) => !want.includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length > 0 ? `no entry for ${missing.join(", ")}` : "",
      unknown.length > 0 ? `an entry for ${unknown.join(", ")}, which is not a host` : "",
    ].filter(Boolean);
    throw new Error(`${what}: ${parts.join("; ")} (the hosts: ${want.join(", ")})`);
  }
  return record;
}
