// Step 3: no inherited descriptor reaches the interpreter except 0, 1, 2.
// Descriptors >= 3 are marked close-on-exec rather than closed: Node's event
// loop owns some of them and would misbehave before we get to execve.
// Node may leave FD_CLOEXEC set on 0–2 (seen on fd 1), which would make the
// interpreter's stdout vanish; clear it. A closed 0–2 is reopened on /dev/null
// so the interpreter's first open() cannot become its stdout by accident.
// Node makes a pipe or socket on 0–2 non-blocking once it writes to it (a
// warning on stderr, --as-root's) and never restores it; O_NONBLOCK belongs
// to the open file and survives execve, and an interpreter expects blocking
// stdio (CPython died of BlockingIOError, exit 120, writing faster than its
// reader): it is cleared, as bash does for its own stdin.
import { libc } from "../ffi.js";
import { errno, k } from "../kernel.js";
import { check } from "./check.js";

const CLOSE_RANGE_CLOEXEC = k("CLOSE_RANGE_CLOEXEC");
const F_GETFD = k("F_GETFD");
const F_SETFD = k("F_SETFD");
const F_GETFL = k("F_GETFL");
const F_SETFL = k("F_SETFL");
const O_NONBLOCK = k("O_NONBLOCK");
const FD_CLOEXEC = k("FD_CLOEXEC");
const O_RDWR = k("O_RDWR");
const EBADF = errno("EBADF");
const ENOSYS = errno("ENOSYS");
const EINVAL = errno("EINVAL");

/** Highest fd to sweep when close_range is missing (kernel < 5.11). */
const FALLBACK_MAX_FD = 4096;

export function sanitizeDescriptors(): void {
  const c = libc();
  for (let fd = 0; fd <= 2; fd++) {
    const flags = c.fcntl3(fd, F_GETFD, 0);
    if (flags < 0) {
      if (c.errno() !== EBADF) check(`fcntl(${fd}, F_GETFD)`, flags);
      const nul = check("open(/dev/null)", c.open("/dev/null", O_RDWR, 0));
      if (nul !== fd) {
        check(`dup2(/dev/null, ${fd})`, c.dup2(nul, fd));
        c.close(nul);
      }
    } else if (flags & FD_CLOEXEC) {
      check(`fcntl(${fd}, F_SETFD, 0)`, c.fcntl3(fd, F_SETFD, flags & ~FD_CLOEXEC));
    }
    const status = c.fcntl3(fd, F_GETFL, 0);
    if (status >= 0 && status & O_NONBLOCK) c.fcntl3(fd, F_SETFL, status & ~O_NONBLOCK);
  }
  const r = c.closeRange(3, 0xffff_ffff, CLOSE_RANGE_CLOEXEC);
  if (r === 0) return;
  const e = c.errno();
  if (e !== ENOSYS && e !== EINVAL) check("close_range(3, ~0U, CLOSE_RANGE_CLOEXEC)", r);
  // Old kernel: set FD_CLOEXEC one by one.
  for (let fd = 3; fd < FALLBACK_MAX_FD; fd++) {
    const flags = c.fcntl3(fd, F_GETFD, 0);
    if (flags >= 0 && !(flags & FD_CLOEXEC)) c.fcntl3(fd, F_SETFD, flags | FD_CLOEXEC);
  }
}
