// A workspace package as a user gets it: packed by pnpm (workspace: ranges
// replaced), installed alone into an empty project with plain npm. --offline:
// a package with no registry dependencies must not need the network.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runOk } from "./process.js";

/** Packs `pkgDir` into `workDir`, installs the tarball into `workDir`/project; returns the project dir. */
export async function installAlone(pkgDir: string, workDir: string): Promise<string> {
  await runOk(["pnpm", "pack", "--pack-destination", workDir], { cwd: pkgDir });
  const tgz = readdirSync(workDir).find((f) => f.endsWith(".tgz"));
  if (tgz === undefined) throw new Error(`pnpm pack left no tarball in ${workDir}`);
  const project = join(workDir, "project");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), '{ "name": "p", "private": true }\n');
  await runOk(["npm", "install", "--offline", "--no-audit", "--no-fund", join(workDir, tgz)], { cwd: project });
  return project;
}
