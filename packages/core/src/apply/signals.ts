// Ignored signals and the blocked mask survive execve. Node ignores SIGPIPE
// (and more); the script must see the defaults a shell would give it, or
// `host script | head -1` and file-size limits behave differently from the
// bare interpreter.
import { libc } from "../ffi.js";

const NSIG = 65; // signals 1..64
const SIG_DFL = 0n;
const SIG_SETMASK = 2;
const SIGKILL = 9;
const SIGSTOP = 19;

export function resetSignals(): void {
  const c = libc();
  for (let sig = 1; sig < NSIG; sig++) {
    if (sig === SIGKILL || sig === SIGSTOP) continue;
    // EINVAL for the two signals glibc reserves (32, 33): nothing to reset.
    c.signal(sig, SIG_DFL);
  }
  // An empty sigset_t (glibc's is 128 bytes).
  c.sigprocmaskEmpty(SIG_SETMASK, Buffer.alloc(128), null);
}
