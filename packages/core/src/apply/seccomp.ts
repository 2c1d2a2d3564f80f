// Step 6: install the seccomp filter on this thread (no TSYNC: Node's other
// threads must keep running until execve ends them, and they make syscalls
// the script may not).
import { SyscallError } from "../errors.js";
import { libc } from "../ffi.js";
import { errno, k, sysnr } from "../kernel.js";
import { check } from "./check.js";

export interface PreparedFilter {
  /** struct sock_fprog { unsigned short len; struct sock_filter *filter; } */
  readonly fprog: Buffer;
  /** Kept referenced so the memory fprog points at stays alive. */
  readonly program: Buffer;
  /** H_TEST_SECCOMP_FAIL=1, read while preparing: installFilter then fails. */
  readonly failForTest?: boolean;
}

const SECCOMP_HINT = "is seccomp enabled in this kernel?";

export function prepareFilter(program: Uint8Array): PreparedFilter {
  const bytes = Buffer.from(program);
  const fprog = Buffer.alloc(16);
  fprog.writeUInt16LE(bytes.length / 8, 0);
  fprog.writeBigUInt64LE(libc().address(bytes), 8);
  return { fprog, program: bytes, ...(process.env.H_TEST_SECCOMP_FAIL === "1" ? { failForTest: true } : {}) };
}

export function installFilter(f: PreparedFilter): void {
  // Test-only (packages/core/test/fallback.e2e.test.ts): H_TEST_SECCOMP_FAIL=1
  // makes this step fail as on a kernel without seccomp. It can only make a
  // run fail (the launcher then exits 1 before execve), never skip the filter.
  if (f.failForTest)
    throw new SyscallError("seccomp(SECCOMP_SET_MODE_FILTER)", errno("ENOSYS"), "ENOSYS", SECCOMP_HINT);
  check(
    "seccomp(SECCOMP_SET_MODE_FILTER)",
    libc().sysU32U32Ptr(sysnr("seccomp"), k("SECCOMP_SET_MODE_FILTER"), 0, f.fprog),
    SECCOMP_HINT,
  );
}
