// A small on-disk cache for launch-time work whose answer depends only on
// files: the ELF closure of the interpreter (about 3–4 ms of ELF and
// ld.so.cache parsing per launch, the same answer every time), and each
// host's probe (HostProfile.probe: run the interpreter once, parse what it
// prints, e.g. hpython's sysconfig layout, ~15 ms), for every host alike.
//
// Keyed by file identity: path, device, inode, size and mtime of the binary
// and of /etc/ld.so.cache (ldconfig rewrites it after every library
// install). A hit is then re-validated: every file the cached answer names
// must still have the identity it had when the answer was computed, so a
// replaced or removed library is a miss, not a stale grant.
//
// The cache decides Landlock grants, so it is trusted only on these terms:
// the directory and the file must be owned by our effective uid and writable by nobody else; a
// directory we cannot use means no cache, never an error. Where it lives:
// $XDG_CACHE_HOME/h, or ~/.cache/h when ~/.cache exists (a home's .cache is
// never created by us). H_NO_CACHE=1 turns it off (bench/ measures both).
//
// No hashing module is loaded for file names (node:crypto costs ~2 ms to
// load): the name is a 64-bit FNV-1a of the key, and the full key is stored
// in the file and compared on read.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type LibraryClosure, libraryClosure } from "@hsandbox/landlock";
import type { ProbeSpec } from "./profile.js";

export const CACHE_SCHEMA = 1;

type Env = Readonly<Record<string, string | undefined>>;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Where the cache lives, or undefined (no cache). */
export function cacheDir(env: Env = process.env): string | undefined {
  if (env.H_NO_CACHE === "1") return undefined;
  if (env.XDG_CACHE_HOME?.startsWith("/")) return join(env.XDG_CACHE_HOME, "h");
  if (env.HOME?.startsWith("/") && isDir(join(env.HOME, ".cache"))) return join(env.HOME, ".cache", "h");
  return undefined;
}

/** path, dev, ino, size, mtime: what "the same file" means here; undefined when it cannot be stat'ed. */
export function fileIdentity(path: string): string | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return `${path}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeNs}`;
  } catch {
    return undefined;
  }
}

/** Owned by our effective uid and not writable by group or others. */
function ours(path: string, kind: "file" | "dir"): boolean {
  try {
    const st = statSync(path);
    const uid = process.geteuid?.() ?? -1;
    return (kind === "file" ? st.isFile() : st.isDirectory()) && st.uid === uid && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function fnv1a64(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0");
}

function entryPath(dir: string, kind: string, key: string): string {
  return join(dir, `core-${kind}-${fnv1a64(key)}.json`);
}

/** The cached value for `key`, or undefined (no cache, miss, untrusted, corrupt). */
export function cacheGet<T>(kind: string, key: string, env: Env = process.env): T | undefined {
  const dir = cacheDir(env);
  if (!dir || !ours(dir, "dir")) return undefined;
  const file = entryPath(dir, kind, key);
  if (!ours(file, "file")) return undefined;
  try {
    const c = JSON.parse(readFileSync(file, "utf8")) as { schema: number; key: string; value: T };
    return c.schema === CACHE_SCHEMA && c.key === key ? c.value : undefined;
  } catch {
    return undefined;
  }
}

/** Stores `value` for `key` (atomically: temp file + rename); silently does nothing when it cannot. */
export function cachePut(kind: string, key: string, value: unknown, env: Env = process.env): boolean {
  const dir = cacheDir(env);
  if (!dir) return false;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ours(dir, "dir")) return false;
    const file = entryPath(dir, kind, key);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ schema: CACHE_SCHEMA, key, value }), { mode: 0o600 });
    renameSync(tmp, file);
    return true;
  } catch {
    return false;
  }
}

interface CachedClosure {
  readonly closure: LibraryClosure;
  /** fileIdentity of every file the closure names, in order. */
  readonly identities: readonly string[];
}

function namedFiles(c: LibraryClosure): string[] {
  const out = new Set<string>();
  if (c.interpreter) out.add(c.interpreter);
  if (c.interpreterRealPath) out.add(c.interpreterRealPath);
  for (const l of c.libraries) {
    out.add(l.path);
    out.add(l.realPath);
  }
  for (const f of c.loaderFiles) out.add(f);
  return [...out];
}

/**
 * libraryClosure(binary), from the cache when the binary, /etc/ld.so.cache
 * and every file of the cached answer are unchanged. Closures with missing
 * libraries or warnings are never cached (they are errors or odd machines).
 */
export function cachedLibraryClosure(binary: string, env: Env = process.env): LibraryClosure {
  const self = fileIdentity(binary);
  if (self === undefined || cacheDir(env) === undefined) return libraryClosure(binary);
  const key = JSON.stringify([binary, self, fileIdentity("/etc/ld.so.cache") ?? "none", process.arch]);
  const hit = cacheGet<CachedClosure>("closure", key, env);
  if (hit) {
    const files = namedFiles(hit.closure);
    if (files.length === hit.identities.length && files.every((f, i) => fileIdentity(f) === hit.identities[i])) {
      return hit.closure;
    }
  }
  const closure = libraryClosure(binary);
  if (closure.missing.length === 0 && closure.warnings.length === 0) {
    const identities = namedFiles(closure).map((f) => fileIdentity(f));
    if (identities.every((i) => i !== undefined)) cachePut("closure", key, { closure, identities }, env);
  }
  return closure;
}

/**
 * A host's probe answer for `binary`: spec.known's when it has one, else
 * from the cache when the binary (and, for spec.libraries, /etc/ld.so.cache)
 * is unchanged, else spec.run's, cached. `cached` says whether it came from
 * the cache.
 */
export function probeWithCache<T>(
  host: string,
  spec: ProbeSpec<T>,
  binary: string,
  env: Env = process.env,
): { readonly answer: T; readonly cached: boolean } {
  const known = spec.known?.(binary);
  if (known !== undefined) return { answer: known, cached: false };
  const self = fileIdentity(binary);
  if (self === undefined || cacheDir(env) === undefined) return { answer: spec.run(binary), cached: false };
  const key = JSON.stringify([
    host,
    spec.schema,
    self,
    spec.libraries ? (fileIdentity("/etc/ld.so.cache") ?? "none") : "",
    spec.key?.(binary) ?? "",
    process.arch,
  ]);
  const hit = cacheGet<{ answer: T }>(`probe-${host}`, key, env);
  if (hit && hit.answer !== undefined) return { answer: hit.answer, cached: true };
  const answer = spec.run(binary);
  cachePut(`probe-${host}`, key, { answer }, env);
  return { answer, cached: false };
}

/** probeWithCache's answer. */
export function cachedProbe<T>(host: string, spec: ProbeSpec<T>, binary: string, env: Env = process.env): T {
  return probeWithCache(host, spec, binary, env).answer;
}
