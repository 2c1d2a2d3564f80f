// Errors a host can show a person. A HostError is printed as one line,
// "<host>: <message>", followed by an optional hint line, and the host exits 1.
// Nothing else escapes main(): an unexpected exception is a bug and is
// reported as such (still one line plus "please report"), never a bare stack.

export class HostError extends Error {
  override readonly name = "HostError";
  constructor(
    message: string,
    /** What the user can do about it, e.g. the flag that changes it. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Bad command-line input: unknown flag, bad value, missing script. */
export class UsageError extends HostError {}

/** A system call failed while the sandbox was being built. */
export class SyscallError extends HostError {
  constructor(
    readonly call: string,
    readonly errno: number,
    readonly errnoName: string,
    hint?: string,
  ) {
    super(`${call} failed: ${errnoName}`, hint);
  }
}
