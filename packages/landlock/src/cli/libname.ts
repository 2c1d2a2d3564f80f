// `-lNAME` as the link editor reads it, answered from ld.so.cache: GNU ld
// looks for libNAME.so (the development symlink); where only the runtime
// soname is installed (libNAME.so.1, what ctypes.util.find_library answers
// from `ldconfig -p`), the highest version of it.
import { type LdCache, type LdCacheEntry, lookupLdCache } from "../ldcache.js";

function versionOf(key: string, base: string): number[] | null {
  if (!key.startsWith(`${base}.`)) return null;
  const rest = key.slice(base.length + 1).split(".");
  return rest.every((p) => /^\d+$/.test(p)) ? rest.map(Number) : null;
}

function newer(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x > y;
  }
  return false;
}

/** The cache entry `-lNAME` resolves to for objects whose flags `accept` takes, or null. */
export function lookupLibraryName(
  cache: LdCache,
  name: string,
  accept: (flags: number) => boolean,
  hwcaps: readonly string[] = [],
): LdCacheEntry | null {
  const base = `lib${name}.so`;
  const dev = lookupLdCache(cache, base, accept, hwcaps);
  if (dev) return dev;
  let best: { key: string; version: number[] } | null = null;
  for (const e of cache.entries) {
    const v = versionOf(e.key, base);
    if (v && accept(e.flags) && (best === null || newer(v, best.version))) best = { key: e.key, version: v };
  }
  return best ? lookupLdCache(cache, best.key, accept, hwcaps) : null;
}
