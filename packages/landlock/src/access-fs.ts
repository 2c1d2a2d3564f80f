// Filesystem access rights (LANDLOCK_ACCESS_FS_*), as in
// include/uapi/linux/landlock.h upstream.
import type { KernelAbi } from "./abi.js";
import { type FlagInfo, flagNames, flagsUpTo, type Mask } from "./mask.js";

/** A set of Landlock filesystem access rights. */
export type FsAccess = Mask<"fs">;

const fs = (bit: number): FsAccess => (1n << BigInt(bit)) as FsAccess;

/** One filesystem access right per field (LANDLOCK_ACCESS_FS_<NAME>). */
export const AccessFs = Object.freeze({
  /** Execute a file (execve; also the kernel's open of an ELF interpreter). ABI 1. */
  EXECUTE: fs(0),
  /** Open a file with write access. ABI 1. */
  WRITE_FILE: fs(1),
  /** Open a file with read access. ABI 1. */
  READ_FILE: fs(2),
  /** Open a directory or list its content. ABI 1. */
  READ_DIR: fs(3),
  /** Remove an empty directory or rename one. ABI 1. */
  REMOVE_DIR: fs(4),
  /** Unlink (or rename) a file. ABI 1. */
  REMOVE_FILE: fs(5),
  /** Create (or rename or link) a character device. ABI 1. */
  MAKE_CHAR: fs(6),
  /** Create (or rename) a directory. ABI 1. */
  MAKE_DIR: fs(7),
  /** Create (or rename or link) a regular file. ABI 1. */
  MAKE_REG: fs(8),
  /** Create (or rename or link) a UNIX domain socket. ABI 1. */
  MAKE_SOCK: fs(9),
  /** Create (or rename or link) a named pipe. ABI 1. */
  MAKE_FIFO: fs(10),
  /** Create (or rename or link) a block device. ABI 1. */
  MAKE_BLOCK: fs(11),
  /** Create (or rename or link) a symbolic link. ABI 1. */
  MAKE_SYM: fs(12),
  /** Link or rename a file from or to a different directory. ABI 2. */
  REFER: fs(13),
  /** Truncate a file (truncate, ftruncate, open with O_TRUNC, creat). ABI 3. */
  TRUNCATE: fs(14),
  /** ioctl on character or block devices opened after the ruleset is enforced. ABI 5. */
  IOCTL_DEV: fs(15),
});

export type FsRightName = keyof typeof AccessFs;

/** Which ABI introduced each filesystem right. */
export const FS_RIGHT_ABI: Readonly<Record<FsRightName, 1 | 2 | 3 | 5>> = Object.freeze({
  EXECUTE: 1,
  WRITE_FILE: 1,
  READ_FILE: 1,
  READ_DIR: 1,
  REMOVE_DIR: 1,
  REMOVE_FILE: 1,
  MAKE_CHAR: 1,
  MAKE_DIR: 1,
  MAKE_REG: 1,
  MAKE_SOCK: 1,
  MAKE_FIFO: 1,
  MAKE_BLOCK: 1,
  MAKE_SYM: 1,
  REFER: 2,
  TRUNCATE: 3,
  IOCTL_DEV: 5,
});

/** The table behind names and ABI lookups, in bit order. */
export const FS_RIGHTS: readonly FlagInfo<"fs">[] = Object.freeze(
  (Object.keys(AccessFs) as FsRightName[]).map((name) => ({ name, bit: AccessFs[name], abi: FS_RIGHT_ABI[name] })),
);

/** Every filesystem right this library knows (ABI 7). */
export const ALL_FS: FsAccess = flagsUpTo(FS_RIGHTS, 7);

/** The filesystem rights a kernel with this ABI can handle (0n without Landlock). */
export function fsRightsForAbi(abi: KernelAbi): FsAccess {
  return flagsUpTo(FS_RIGHTS, abi);
}

/**
 * Rights that make sense on a regular file (or any non-directory). The kernel
 * rejects a path_beneath rule on a non-directory that carries any other right
 * (EINVAL), so rules on files are masked with this set.
 */
export const FILE_RIGHTS: FsAccess = (AccessFs.EXECUTE |
  AccessFs.WRITE_FILE |
  AccessFs.READ_FILE |
  AccessFs.TRUNCATE |
  AccessFs.IOCTL_DEV) as FsAccess;

/** Rights that only mean something on a directory (they act on its entries). */
export const DIR_ONLY_RIGHTS: FsAccess = (ALL_FS & ~FILE_RIGHTS) as FsAccess;

// Bundles. Rights newer than the kernel are removed by the planner, so the
// bundles can name every right this library knows.

/** Read files and list directories. */
export const READ: FsAccess = (AccessFs.READ_FILE | AccessFs.READ_DIR) as FsAccess;
/** READ plus execute. */
export const READ_EXEC: FsAccess = (READ | AccessFs.EXECUTE) as FsAccess;
/** Create every kind of directory entry (files, dirs, links, sockets, fifos, devices). */
export const MAKE_ANY: FsAccess = (AccessFs.MAKE_CHAR |
  AccessFs.MAKE_DIR |
  AccessFs.MAKE_REG |
  AccessFs.MAKE_SOCK |
  AccessFs.MAKE_FIFO |
  AccessFs.MAKE_BLOCK |
  AccessFs.MAKE_SYM) as FsAccess;
/** Create only ordinary entries: regular files, directories, symlinks (no devices, sockets, fifos). */
export const MAKE_ORDINARY: FsAccess = (AccessFs.MAKE_DIR | AccessFs.MAKE_REG | AccessFs.MAKE_SYM) as FsAccess;
/** Remove files and directories. */
export const REMOVE: FsAccess = (AccessFs.REMOVE_DIR | AccessFs.REMOVE_FILE) as FsAccess;
/**
 * Every modifying right: write, truncate, make, remove, refer. Not IOCTL_DEV
 * (device ioctls are a separate decision) and not EXECUTE.
 */
export const WRITE: FsAccess = (AccessFs.WRITE_FILE |
  AccessFs.TRUNCATE |
  MAKE_ANY |
  REMOVE |
  AccessFs.REFER) as FsAccess;
/** READ plus WRITE: a scratch directory. */
export const READ_WRITE: FsAccess = (READ | WRITE) as FsAccess;
/** Read and write an existing file (including O_TRUNC), nothing else. */
export const FILE_READ_WRITE: FsAccess = (AccessFs.READ_FILE | AccessFs.WRITE_FILE | AccessFs.TRUNCATE) as FsAccess;

/** Names of the filesystem rights in mask, e.g. ["EXECUTE", "READ_FILE"]. */
export function rightNames(mask: FsAccess | bigint): string[] {
  return flagNames(FS_RIGHTS, mask);
}

/** Builds a filesystem mask from right names; throws RangeError on an unknown name. */
export function fsAccess(...names: readonly FsRightName[]): FsAccess {
  let m = 0n;
  for (const n of names) {
    const bit = (AccessFs as Record<string, FsAccess | undefined>)[n];
    if (bit === undefined) throw new RangeError(`unknown Landlock filesystem right: ${n}`);
    m |= bit;
  }
  return m as FsAccess;
}
