// Step 6: install the seccomp filter on this thread (no TSYNC: Node's other
// threads must keep running until execve ends them, and they make syscalls
// the script may not).
import { libc } from "../ffi.js";
import { check } from "./check.js";

const SYS_seccomp = 317;
const SECCOMP_SET_MODE_FILTER = 1;

export interface PreparedFilter {
  /** struct sock_fprog { unsigned short len; struct sock_filter *filter; } */
  readonly fprog: Buffer;
  /** Kept referenced so the memory fprog points at stays alive. */
  readonly program: Buffer;
}

export function prepareFilter(program: Uint8Array): PreparedFilter {
  const bytes = Buffer.from(program);
  const fprog = Buffer.alloc(16);
  fprog.writeUInt16LE(bytes.length / 8, 0);
  fprog.writeBigUInt64LE(libc().address(bytes), 8);
  return { fprog, program: bytes };
}

export function installFilter(f: PreparedFilter): void {
  check(
    "seccomp(SECCOMP_SET_MODE_FILTER)",
    libc().sysU32U32Ptr(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, f.fprog),
    "is seccomp enabled in this kernel?",
  );
}
