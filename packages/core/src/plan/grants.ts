// Planner: every Landlock grant, in the order --explain lists them, and the
// rule requests they become. Pure: whether a path is a file, a directory or
// missing comes from discover.ts (Facts.pathKinds).
import { resolve } from "node:path";
import { AccessFs, type FsAccess, type PathRuleRequest, READ, READ_WRITE } from "@hsandbox/landlock";
import type { ParsedCommandLine } from "../cli.js";
import { UsageError } from "../errors.js";
import type { GrantRight, PathGrant } from "../profile.js";
import type { FoundScript } from "../resolve.js";

export type PathKind = "file" | "dir";
/** What discover found at each path a grant names (absent: no such file or directory). */
export type PathKinds = Readonly<Record<string, PathKind>>;

const RIGHTS: Record<GrantRight, FsAccess> = {
  read: READ,
  exec: AccessFs.EXECUTE as FsAccess,
  write: READ_WRITE,
  list: AccessFs.READ_DIR as FsAccess,
};

export function toMask(rights: readonly GrantRight[]): FsAccess {
  let m = 0n;
  for (const r of rights) m |= RIGHTS[r];
  return m as FsAccess;
}

/** Grants → Landlock rule requests; a missing optional path is dropped, a missing required one refused. */
export function grantsToRules(grants: readonly PathGrant[], kinds: PathKinds): PathRuleRequest[] {
  const out: PathRuleRequest[] = [];
  for (const g of grants) {
    const kind = Object.hasOwn(kinds, g.path) ? kinds[g.path] : undefined;
    if (kind === undefined) {
      if (g.optional) continue;
      throw new UsageError(`cannot grant ${g.path} (${g.reason}): no such file or directory`);
    }
    out.push({ path: g.path, access: toMask(g.rights), kind, reason: g.reason });
  }
  return out;
}

/** What the command line grants (-x/-s, -t, -l, --allow-read, --allow-write, --history), in Landlock's order. */
export function userGrants(
  options: ParsedCommandLine["options"],
  script: FoundScript | undefined,
  tmpDir: string | undefined,
  history: PathGrant | undefined,
): PathGrant[] {
  const o = options;
  const g: PathGrant[] = [];
  if (o.execScriptDir && script) g.push({ path: script.dir, rights: ["read", "exec"], reason: "-x: script directory" });
  else if (o.scriptDir && script) g.push({ path: script.dir, rights: ["read"], reason: "-s: script directory" });
  if (tmpDir) g.push({ path: tmpDir, rights: ["read", "write"], reason: "-t: temp dir" });
  if (o.localtime) g.push({ path: "/etc/localtime", rights: ["read"], reason: "-l: local time zone", optional: true });
  for (const p of o.allowRead) g.push({ path: resolve(p), rights: ["read"], reason: "--allow-read" });
  for (const p of o.allowWrite) g.push({ path: resolve(p), rights: ["read", "write"], reason: "--allow-write" });
  if (history) g.push(history);
  return g;
}

/** The interpreter's ELF closure, as discover found it. */
export interface ClosureFacts {
  readonly interpreter?: string;
  readonly libraries: readonly { readonly realPath: string; readonly soname: string }[];
}

/** The interpreter and its closure first, then the host's own, the script, the terminal's, the user's. */
export function planGrants(parts: {
  readonly interpreter: string;
  readonly closure: ClosureFacts;
  readonly host: readonly PathGrant[];
  readonly script?: FoundScript;
  readonly terminal: readonly PathGrant[];
  readonly user: readonly PathGrant[];
}): PathGrant[] {
  const grants: PathGrant[] = [{ path: parts.interpreter, rights: ["read", "exec"], reason: "interpreter" }];
  if (parts.closure.interpreter) {
    grants.push({ path: parts.closure.interpreter, rights: ["read", "exec"], reason: "dynamic loader" });
  }
  for (const lib of parts.closure.libraries)
    grants.push({ path: lib.realPath, rights: ["read"], reason: `library ${lib.soname}` });
  grants.push({ path: "/etc/ld.so.cache", rights: ["read"], reason: "the loader's library index", optional: true });
  grants.push(...parts.host);
  if (parts.script) grants.push({ path: parts.script.real, rights: ["read"], reason: "script" });
  grants.push(...parts.terminal);
  grants.push(...parts.user);
  return grants;
}
