// Turns a libc return value into a typed error naming the call and errno.
import { errnoName } from "@hsandbox/bpf";
import { SyscallError } from "../errors.js";
import { libc } from "../ffi.js";

export function check(call: string, ret: number, hint?: string): number {
  if (ret < 0) {
    const e = libc().errno();
    throw new SyscallError(call, e, errnoName(e) ?? `errno ${e}`, hint);
  }
  return ret;
}
