// Landlock ABI versions. The kernel reports its ABI through
// landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION); each
// version only adds features (access rights, rule types, scopes, flags), so a
// feature introduced in ABI n is available on every kernel reporting >= n.
//
//   ABI 1  Linux 5.13  filesystem rights EXECUTE … MAKE_SYM
//   ABI 2  Linux 5.19  FS REFER (reparenting: rename/link across directories)
//   ABI 3  Linux 6.2   FS TRUNCATE
//   ABI 4  Linux 6.7   network: NET BIND_TCP, CONNECT_TCP (landlock_ruleset_attr.handled_access_net)
//   ABI 5  Linux 6.10  FS IOCTL_DEV
//   ABI 6  Linux 6.12  scopes ABSTRACT_UNIX_SOCKET, SIGNAL (landlock_ruleset_attr.scoped)
//   ABI 7  Linux 6.15  restrict_self LOG_* flags, LANDLOCK_CREATE_RULESET_ERRATA
//
// Source: include/uapi/linux/landlock.h and Documentation/userspace-api/landlock.rst
// upstream (Debian 12's linux-libc-dev stops at ABI 3). Later upstream ABIs
// (TSYNC, UDP, RESOLVE_UNIX, quiet flags) are deliberately unknown here: a
// feature we have not tested is a feature we do not ask for.

declare const abiBrand: unique symbol;

/** A Landlock ABI version this library knows (1..7). Make one with {@link abiVersion}. */
export type AbiVersion = (1 | 2 | 3 | 4 | 5 | 6 | 7) & { readonly [abiBrand]: true };

/** What the running kernel offers: a known ABI, or 0 when Landlock is unavailable. */
export type KernelAbi = AbiVersion | 0;

/** The newest ABI this library knows. */
export const LATEST_ABI = 7 as AbiVersion;

/** Every known ABI, oldest first. */
export const ALL_ABIS: readonly AbiVersion[] = Object.freeze([1, 2, 3, 4, 5, 6, 7] as AbiVersion[]);

/** Checks that n is a known ABI version (1..7) and brands it. Throws RangeError otherwise. */
export function abiVersion(n: number): AbiVersion {
  if (!Number.isInteger(n) || n < 1 || n > LATEST_ABI) {
    throw new RangeError(`Landlock ABI version must be an integer 1..${LATEST_ABI}, got ${n}`);
  }
  return n as AbiVersion;
}

/**
 * Turns the raw return value of landlock_create_ruleset(…VERSION) into a
 * KernelAbi: negative values (ENOSYS, EOPNOTSUPP) and 0 mean "no Landlock";
 * a kernel newer than this library is used as the newest ABI we know
 * (the kernel's compatibility contract keeps older ABIs' semantics).
 */
export function kernelAbiFromVersion(raw: number): KernelAbi {
  if (!Number.isFinite(raw) || raw < 1) return 0;
  return Math.min(Math.trunc(raw), LATEST_ABI) as AbiVersion;
}

/** Same as kernelAbiFromVersion but for values that are already checked (0..7). */
export function isKernelAbi(n: unknown): n is KernelAbi {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= LATEST_ABI;
}
