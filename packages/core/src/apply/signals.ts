// Ignored signals and the blocked mask survive execve. Node ignores SIGPIPE
// (and more); the script must see the defaults a shell would give it, or
// `host script | head -1` and file-size limits behave differently from the
// bare interpreter.
import { libc } from "../ffi.js";
import { k } from "../kernel.js";

const NSIG = k("_NSIG"); // signals 1.._NSIG
const SIG_DFL = BigInt(k("SIG_DFL"));
const SIG_SETMASK = k("SIG_SETMASK");
const SIGKILL = k("SIGKILL");
const SIGSTOP = k("SIGSTOP");

export function resetSignals(): void {
  const c = libc();
  for (let sig = 1; sig <= NSIG; sig++) {
    if (sig === SIGKILL || sig === SIGSTOP) continue;
    // EINVAL for the two signals glibc reserves (32, 33): nothing to reset.
    c.signal(sig, SIG_DFL);
  }
  // An empty sigset_t (glibc's is 128 bytes).
  c.sigprocmaskEmpty(SIG_SETMASK, Buffer.alloc(128), null);
}
