// Step 7: execve the interpreter. Every buffer is built before the first
// confinement step; after the seccomp filter is installed only the execve call
// itself (and, if it fails, one write and _exit) may run.
import { libc } from "../ffi.js";

export interface PreparedExec {
  readonly path: Buffer;
  /** Address of `path`'s bytes: the one execve pathname the filter lets through. */
  readonly pathAddress: bigint;
  readonly argv: Buffer;
  readonly envp: Buffer;
  readonly keep: readonly Buffer[];
  readonly failureMessage: Buffer;
}

function cstr(s: string): Buffer {
  if (s.includes("\0")) throw new Error(`NUL byte in exec argument: ${JSON.stringify(s)}`);
  return Buffer.from(`${s}\0`, "utf8");
}

function pointerArray(items: readonly Buffer[]): Buffer {
  const c = libc();
  const arr = Buffer.alloc(8 * (items.length + 1));
  items.forEach((b, i) => {
    arr.writeBigUInt64LE(c.address(b), 8 * i);
  });
  return arr; // last slot stays NULL
}

export function prepareExec(
  path: string,
  argv: readonly string[],
  env: Readonly<Record<string, string>>,
  host: string,
): PreparedExec {
  const pathBuf = cstr(path);
  const argBufs = argv.map(cstr);
  const envBufs = Object.entries(env).map(([k, v]) => cstr(`${k}=${v}`));
  return {
    path: pathBuf,
    pathAddress: libc().address(pathBuf),
    argv: pointerArray(argBufs),
    envp: pointerArray(envBufs),
    keep: [...argBufs, ...envBufs],
    failureMessage: Buffer.from(`${host}: execve(${path}) failed inside the sandbox\n`),
  };
}

/** Never returns: either the interpreter replaces us or we _exit(1). */
export function execOrDie(p: PreparedExec): never {
  const c = libc();
  c.execve(p.path, p.argv, p.envp);
  c.write(2, p.failureMessage, p.failureMessage.length);
  c.exit(1);
  throw new Error("unreachable");
}
