// Step 2: drop every capability. Matters when the launcher runs as root or
// with file capabilities (containers often run as root).
//  - securebits NOROOT | NO_SETUID_FIXUP | KEEP_CAPS off | NO_CAP_AMBIENT_RAISE,
//    each with its lock: an execve by euid 0 then grants no capability;
//  - the bounding set: every capability up to cap_last_cap;
//  - ambient set cleared; effective/permitted/inheritable zeroed with capset.
// For an unprivileged launcher the sets are already empty; capset(0) is still
// called (dropping is always allowed) and verified with capget.
import { readFileSync } from "node:fs";
import { libc } from "../ffi.js";
import { errno, k } from "../kernel.js";
import { check } from "./check.js";

const PR_CAPBSET_READ = k("PR_CAPBSET_READ");
const PR_CAPBSET_DROP = k("PR_CAPBSET_DROP");
const PR_SET_SECUREBITS = k("PR_SET_SECUREBITS");
const PR_GET_SECUREBITS = k("PR_GET_SECUREBITS");
const PR_CAP_AMBIENT = k("PR_CAP_AMBIENT");
const PR_CAP_AMBIENT_CLEAR_ALL = k("PR_CAP_AMBIENT_CLEAR_ALL");
const LINUX_CAPABILITY_VERSION_3 = k("_LINUX_CAPABILITY_VERSION_3");

/** Every securebit we set, each with its lock (KEEP_CAPS stays off, locked). */
export const LOCKED_SECUREBITS = (
  [
    "SECBIT_NOROOT",
    "SECBIT_NOROOT_LOCKED",
    "SECBIT_NO_SETUID_FIXUP",
    "SECBIT_NO_SETUID_FIXUP_LOCKED",
    "SECBIT_KEEP_CAPS_LOCKED",
    "SECBIT_NO_CAP_AMBIENT_RAISE",
    "SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED",
  ] as const
).reduce((bits, name) => bits | k(name), 0);

export function lastCap(): number {
  try {
    return Number.parseInt(readFileSync("/proc/sys/kernel/cap_last_cap", "utf8"), 10);
  } catch {
    return 40; // CAP_CHECKPOINT_RESTORE, the last one as of Linux 6.x
  }
}

export interface CapState {
  effective: bigint;
  permitted: bigint;
  inheritable: bigint;
}

function capBuffers(): { hdr: Buffer; data: Buffer } {
  const hdr = Buffer.alloc(8);
  hdr.writeUInt32LE(LINUX_CAPABILITY_VERSION_3, 0);
  hdr.writeInt32LE(0, 4); // pid 0: this thread
  return { hdr, data: Buffer.alloc(24) }; // two struct __user_cap_data_struct
}

export function readCaps(): CapState {
  const { hdr, data } = capBuffers();
  check("capget", libc().capget(hdr, data));
  const word = (off: number) => BigInt(data.readUInt32LE(off)) | (BigInt(data.readUInt32LE(off + 12)) << 32n);
  return { effective: word(0), permitted: word(4), inheritable: word(8) };
}

/** Prepared before any step runs; `drop` does only the syscalls. */
export function prepareCapabilityDrop(): { readonly isPrivileged: boolean; lock(): void; clear(): void } {
  const caps = readCaps();
  const isPrivileged = caps.permitted !== 0n || caps.effective !== 0n;
  const last = lastCap();
  return {
    isPrivileged,
    // Two halves, because a uid change sits between them: lock() needs
    // CAP_SETPCAP and runs first; the uid change needs CAP_SETUID/SETGID,
    // which lock() leaves in the effective set; clear() then empties it.
    lock() {
      const c = libc();
      if (isPrivileged) {
        // Needs CAP_SETPCAP, so before the capset below.
        check(
          "prctl(PR_SET_SECUREBITS)",
          c.prctl(PR_SET_SECUREBITS, BigInt(LOCKED_SECUREBITS), 0n, 0n, 0n),
          "a container may forbid securebits; run as an unprivileged user",
        );
        for (let cap = 0; cap <= last; cap++) {
          if (c.prctl(PR_CAPBSET_READ, BigInt(cap), 0n, 0n, 0n) === 1) {
            check(`prctl(PR_CAPBSET_DROP, ${cap})`, c.prctl(PR_CAPBSET_DROP, BigInt(cap), 0n, 0n, 0n));
          }
        }
      }
    },
    clear() {
      const c = libc();
      // Clearing the ambient set needs no privilege; EINVAL means a kernel
      // without ambient capabilities (< 4.3), where there is nothing to clear.
      const r = c.prctl(PR_CAP_AMBIENT, BigInt(PR_CAP_AMBIENT_CLEAR_ALL), 0n, 0n, 0n);
      if (r < 0 && c.errno() !== errno("EINVAL")) check("prctl(PR_CAP_AMBIENT_CLEAR_ALL)", r);
      const { hdr, data } = capBuffers();
      check("capset", c.capset(hdr, data));
      const after = readCaps();
      if (after.effective | after.permitted | after.inheritable) throw new Error("capabilities remain after capset");
      if (isPrivileged && (c.prctl(PR_GET_SECUREBITS, 0n, 0n, 0n, 0n) & LOCKED_SECUREBITS) !== LOCKED_SECUREBITS) {
        throw new Error("securebits did not stick");
      }
    },
  };
}
