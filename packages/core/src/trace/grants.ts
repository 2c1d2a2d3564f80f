// --learn's path grants (pure): from the paths a run was refused, the
// narrowest flags that cover them. A single file gets its own grant; a
// directory is proposed only when the script listed it, created in it, or
// opened more than GROUP_THRESHOLD files in it; a grant is never a parent of
// what was needed, and never `/` or a top-level directory.
import { dirname, sep } from "node:path";

export type Need = "read" | "write" | "exec";

export interface PathNeed {
  readonly path: string;
  readonly need: Need;
  /** The call that was refused, e.g. `openat O_RDONLY`. */
  readonly via: string;
  /** "dir" when the call needed the directory itself (listing it, creating or deleting in it). */
  readonly kind?: "dir" | "file";
}

/**
 * More files than this in one directory: grant the directory. Three flags
 * still read as a list of the files the script opens; a fourth file in the
 * same place means it walks the directory (a glob, a data set), and --learn
 * would otherwise need a run per file (a script stops at its first refusal).
 */
export const GROUP_THRESHOLD = 3;

export const beneath = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** `/` and `/usr`, `/etc`, `/home`...: never granted whole on --learn's word. */
export function isBroad(path: string): boolean {
  return path.split(sep).filter(Boolean).length <= 1;
}

const RANK: Record<Need, number> = { read: 1, exec: 1, write: 2 };

export interface GrantContext {
  readonly scriptDir: string;
  readonly tmpDir: string;
}

export interface Grants {
  /** flag → the refused call it answers. */
  readonly flags: ReadonlyMap<string, string>;
  /** What was refused and no proposed flag covers (a broad directory). */
  readonly notGranted: readonly string[];
  /** Two or three files in one directory: the directory would also do. */
  readonly hints: readonly string[];
}

const flagFor = (n: PathNeed, ctx: GrantContext) =>
  n.need === "write" ? `--allow-write ${n.path}` : n.path === ctx.scriptDir ? "-s" : `--allow-read ${n.path}`;

/** The narrowest flags covering `needs` (read and write only; exec is the caller's). */
export function proposeGrants(needs: readonly PathNeed[], ctx: GrantContext): Grants {
  const flags = new Map<string, string>();
  const notGranted: string[] = [];
  const plain: PathNeed[] = [];
  for (const n of needs) {
    if (n.need === "exec") continue;
    // -t grants the temp dir itself; what lies beneath it gets its own, narrower grant.
    if (n.path === ctx.tmpDir) flags.set("-t", `${n.need} ${n.path} (${n.via})`);
    else if (n.need === "read" && (n.path === "/etc/localtime" || beneath(n.path, "/usr/share/zoneinfo")))
      flags.set("-l", `read ${n.path} (${n.via})`);
    else plain.push(n);
  }
  // Files of one directory beyond the threshold: the directory, with the strongest need among them.
  const files = new Map<string, PathNeed[]>();
  for (const n of plain) {
    if (n.kind === "dir") continue;
    const d = dirname(n.path);
    files.set(d, [...(files.get(d) ?? []), n]);
  }
  for (const [d, ns] of files) {
    const distinct = new Set(ns.map((n) => n.path));
    if (isBroad(d) || distinct.size <= GROUP_THRESHOLD) continue;
    const need: Need = ns.some((n) => n.need === "write") ? "write" : "read";
    plain.push({ path: d, need, via: `${distinct.size} files in it`, kind: "dir" });
  }
  // Smallest set: a path beneath another chosen path with at least its rights goes.
  plain.sort((a, b) => a.path.length - b.path.length || RANK[b.need] - RANK[a.need] || (a.path < b.path ? -1 : 1));
  const chosen: PathNeed[] = [];
  for (const n of plain) {
    if (chosen.some((c) => beneath(n.path, c.path) && RANK[c.need] >= RANK[n.need])) continue;
    if (n.kind === "dir" && isBroad(n.path)) {
      notGranted.push(
        `${n.need} ${n.path} (${n.via}): --learn does not grant ${n.path === sep ? "the root directory" : "a top-level directory"} whole; grant the files beneath it the script needs`,
      );
      continue;
    }
    chosen.push(n);
  }
  for (const n of chosen) flags.set(flagFor(n, ctx), `${n.need} ${n.path} (${n.via})`);
  // Two or three files still granted one by one in a directory: say the directory would do too.
  const left = new Map<string, PathNeed[]>();
  for (const n of chosen) if (n.kind !== "dir") left.set(dirname(n.path), [...(left.get(dirname(n.path)) ?? []), n]);
  const hints = [...left.entries()]
    .filter(([d, ns]) => ns.length >= 2 && !isBroad(d))
    .map(([d, ns]) => {
      const need: Need = ns.some((n) => n.need === "write") ? "write" : "read";
      return `or the whole directory: ${flagFor({ path: d, need, via: "" }, ctx)}`;
    })
    .sort();
  return { flags, notGranted: notGranted.sort(), hints };
}
