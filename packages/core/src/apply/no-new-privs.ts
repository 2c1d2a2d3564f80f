// Step 1: PR_SET_NO_NEW_PRIVS. After this, execve can never grant privileges
// (setuid bits, file capabilities are ignored), and unprivileged Landlock and
// seccomp become available.
import { libc } from "../ffi.js";
import { check } from "./check.js";

const PR_SET_NO_NEW_PRIVS = 38;
const PR_GET_NO_NEW_PRIVS = 39;

export function setNoNewPrivs(): void {
  const c = libc();
  check("prctl(PR_SET_NO_NEW_PRIVS)", c.prctl(PR_SET_NO_NEW_PRIVS, 1n, 0n, 0n, 0n));
  if (c.prctl(PR_GET_NO_NEW_PRIVS, 0n, 0n, 0n, 0n) !== 1) {
    throw new Error("PR_SET_NO_NEW_PRIVS did not stick");
  }
}
