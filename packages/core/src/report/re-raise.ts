// Ending the way a watched process ended: the same signal, raised on
// ourselves (--trace, --learn), so callers see what they would see without
// the observer.
import { constants as osConstants } from "node:os";
import { libc } from "../ffi.js";
import { k } from "../kernel.js";

export function reRaise(signal: NodeJS.Signals): never {
  const c = libc();
  const num = osConstants.signals[signal];
  // No core file of this launcher for a signal that dumps core (SIGSYS does).
  c.setrlimit(k("RLIMIT_CORE"), Buffer.alloc(16));
  process.removeAllListeners(signal);
  c.signal(num, 0n);
  process.kill(process.pid, signal);
  // Still alive: a signal whose default is to be ignored (SIGWINCH, SIGCHLD).
  process.exit(128 + num);
}
