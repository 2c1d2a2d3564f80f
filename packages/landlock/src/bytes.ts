// Random access to the bytes of a file (or of an in-memory image), so that
// parsers read only the few regions they need: node's binary is ~100 MB and
// its interpreter path, program headers and dynamic section are a few KB.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes at `offset`; callers check bounds against size first. */
  read(offset: number, length: number): Uint8Array;
  /** Releases the underlying file, if any. */
  close?(): void;
}

/** A ByteSource over bytes already in memory (no copies: subarray views). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) => bytes.subarray(offset, offset + length),
  };
}

/** A ByteSource reading a file with pread; close() it when done. Throws fs errors (ENOENT, EACCES, …) from open. */
export function fileSource(path: string): ByteSource {
  const fd = openSync(path, "r");
  let size: number;
  try {
    size = fstatSync(fd).size;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  let open = true;
  return {
    size,
    read(offset, length) {
      const buf = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) break; // file shrank under us: the caller sees zeros, parsers validate content
        done += n;
      }
      return buf;
    },
    close() {
      if (open) {
        open = false;
        closeSync(fd);
      }
    },
  };
}

/** Wraps bytes or passes a ByteSource through. */
export function toSource(input: Uint8Array | ByteSource): ByteSource {
  return input instanceof Uint8Array ? bytesSource(input) : input;
}
