// Step 1: PR_SET_NO_NEW_PRIVS. After this, execve can never grant privileges
// (setuid bits, file capabilities are ignored), and unprivileged Landlock and
// seccomp become available.
import { libc } from "../ffi.js";
import { k } from "../kernel.js";
import { check } from "./check.js";

export function setNoNewPrivs(): void {
  const c = libc();
  check("prctl(PR_SET_NO_NEW_PRIVS)", c.prctl(k("PR_SET_NO_NEW_PRIVS"), 1n, 0n, 0n, 0n));
  if (c.prctl(k("PR_GET_NO_NEW_PRIVS"), 0n, 0n, 0n, 0n) !== 1) {
    throw new Error("PR_SET_NO_NEW_PRIVS did not stick");
  }
}
