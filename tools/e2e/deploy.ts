// Copies what the built hosts need at run time into one world-readable
// directory, so the same launchers can run as root and as uid 65534 (a
// checkout under /root is not reachable by 65534). Layout:
//   <dir>/<host>/{dist,boot,package.json}   each host, bundled by tsup
//   <dir>/node_modules/koffi, @koromix/...  its one runtime dependency
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostNames, REPO } from "../workspace.mjs";

export { REPO };
/** Every host of the workspace (tools/workspace.mjs), sorted by name. */
export const HOSTS: readonly string[] = hostNames();

function makeWorldReadable(p: string): void {
  const st = statSync(p);
  chmodSync(p, st.isDirectory() ? 0o755 : st.mode & 0o111 ? 0o755 : 0o644);
  if (st.isDirectory()) for (const e of readdirSync(p)) makeWorldReadable(join(p, e));
}

export function deploy(hosts: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "h-e2e-"));
  try {
    fill(dir, hosts);
    return dir;
  } catch (e) {
    // A half-made copy is of no use to anyone: leave nothing behind.
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function fill(dir: string, hosts: readonly string[]): void {
  chmodSync(dir, 0o755);
  for (const host of hosts) {
    const src = join(REPO, "packages", host);
    if (!existsSync(join(src, "dist"))) throw new Error(`${host} is not built: run pnpm build first`);
    for (const part of ["dist", "boot", "package.json"]) {
      if (existsSync(join(src, part)))
        cpSync(join(src, part), join(dir, host, part), { recursive: true, dereference: true });
    }
  }
  // koffi and its platform binary, from where pnpm put them for core (its
  // optional dependencies sit beside it in the same virtual-store folder).
  const koffiDir = realpathSync(join(REPO, "packages", "core", "node_modules", "koffi"));
  cpSync(koffiDir, join(dir, "node_modules", "koffi"), { recursive: true, dereference: true });
  const plat = join(koffiDir, "..", "@koromix", `koffi-linux-${process.arch}`);
  if (existsSync(plat)) {
    cpSync(plat, join(dir, "node_modules", "@koromix", `koffi-linux-${process.arch}`), {
      recursive: true,
      dereference: true,
    });
  }
  makeWorldReadable(dir);
}
