// The node command line hnode execs, as pure functions of the interpreter's
// version and the grants (unit-tested in node-flags.test.ts).
//
// Two layers guard files: Landlock (the kernel, always) and, where the node
// version has it in a form we measured, Node's own permission model mirroring
// the same grants. The second layer turns most refusals into clear
// ERR_ACCESS_DENIED errors before any syscall (child_process, worker_threads,
// process.binding, fs outside the grants); Landlock stays the boundary.
import type { PathGrant } from "@hsandbox/core";

export interface NodeVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** Parses "v20.20.2" (what `node --version` and process.version print). */
export function parseNodeVersion(text: string): NodeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/**
 * Whether this node has the permission model in the form hnode relies on:
 * `--experimental-permission` with one `--allow-fs-read=PATH` flag per path
 * (repeated flags; a comma is part of the path) and `--disable-warning`.
 * Measured on v20.20.2. Older 20.x split the value on commas, which would
 * mangle paths; other majors renamed or changed the flags and were not
 * measured here, so they run with Landlock and seccomp alone.
 */
export function hasPermissionModel(v: NodeVersion | undefined): boolean {
  return v !== undefined && v.major === 20 && v.minor >= 20;
}

export interface PermissionInput {
  /** The boot script (preloaded with --require). */
  readonly boot: string;
  /** The script as named and as its real path: node stats the one and reads the other. */
  readonly scriptPaths: readonly string[];
  /** Read-only files the host grants besides the script (the package.json that decides the module type). */
  readonly extraReads: readonly string[];
  /** Files the host grants read and write (/dev/null); absent: none. */
  readonly extraWrites?: readonly string[];
  /** The grants of -s/-x, -t, -l, --allow-read, --allow-write. */
  readonly userGrants: readonly PathGrant[];
  /** -x: child processes may be started (Landlock decides which programs). */
  readonly exec: boolean;
}

/**
 * Node's permission flags mirroring the Landlock grants.
 *
 * Workers stay denied (ERR_ACCESS_DENIED): measured on v20.20.2, with
 * --allow-worker a `new Worker(code, { execArgv: [] })` runs without the
 * permission model (node warns that the flag "could invalidate the permission
 * model"), so allowing them would make this layer optional. With
 * --no-node-permission workers run, as threads under the same Landlock domain
 * and seccomp filter (the worker cases check both).
 *
 * Child processes (-x) are never under the permission model either: a child
 * is a new process; what confines it is Landlock and seccomp, which it inherits.
 */
export function permissionFlags(p: PermissionInput): string[] {
  const reads = new Set<string>([p.boot, ...p.scriptPaths, ...p.extraReads]);
  const writes = new Set<string>();
  for (const w of p.extraWrites ?? []) {
    reads.add(w);
    writes.add(w);
  }
  for (const g of p.userGrants) {
    if (g.rights.includes("read") || g.rights.includes("exec")) reads.add(g.path);
    if (g.rights.includes("write")) writes.add(g.path);
  }
  return [
    "--experimental-permission",
    // The permission model announces itself on every run; the script's own
    // experimental warnings are silenced with it (node cannot tell them apart).
    "--disable-warning=ExperimentalWarning",
    ...[...reads].map((r) => `--allow-fs-read=${r}`),
    ...[...writes].map((w) => `--allow-fs-write=${w}`),
    // --allow-child-process makes node print a SecurityWarning on every run.
    ...(p.exec ? ["--allow-child-process", "--disable-warning=SecurityWarning"] : []),
  ];
}

const MiB = 1n << 20n;

/**
 * V8's old-generation limit for an address-space limit (bytes), or undefined
 * for none. V8 sizes its heap from the machine's memory (4 GiB here), far
 * above the 2 GiB address space: a heap bomb then fails an mmap deep in V8
 * and dies of SIGSEGV without a word. Below the limit, V8 itself stops with
 * "JavaScript heap out of memory". Measured with AS = 2 GiB on v20.20.2: node
 * holds ~0.7 GiB of reservations before the script runs; a 1024 MiB old space
 * ends with V8's message, 1200 MiB already ran into the address-space limit
 * (at ~1030 MiB of heap). Half the address space it is.
 */
export function oldSpaceMiB(addressSpace: bigint | undefined): number | undefined {
  if (addressSpace === undefined || addressSpace >= 1n << 62n) return undefined;
  const half = addressSpace / 2n / MiB;
  return half < 64n ? 64 : Number(half);
}

/**
 * Whether this node has `--disable-wasm-trap-handler` in the form measured
 * (v20.20.2; the flag is missing from older 20.x, and node refuses an option
 * it does not know).
 */
export function hasWasmTrapHandlerFlag(v: NodeVersion | undefined): boolean {
  return v !== undefined && v.major === 20 && v.minor >= 20;
}

/**
 * Flags for WebAssembly under an address-space limit. With V8's trap handler,
 * every WebAssembly memory reserves about 10 GiB of address space (guard
 * regions, so that out-of-bounds accesses fault instead of being checked):
 * under the 2 GiB default no instance can be created, and node's own fetch()
 * instantiates its HTTP parser (undici's llhttp) as WebAssembly, so even a
 * refused fetch ended the script with an uncatchable "RangeError:
 * WebAssembly.instantiate(): Out of memory" (measured on v20.20.2: it failed
 * with -r as=8G, worked with 12G). Without the trap handler V8 checks bounds
 * in the compiled code and a memory reserves what it uses.
 */
export function wasmFlags(version: NodeVersion | undefined, addressSpace: bigint | undefined): string[] {
  return oldSpaceMiB(addressSpace) !== undefined && hasWasmTrapHandlerFlag(version)
    ? ["--disable-wasm-trap-handler"]
    : [];
}

export interface ArgvInput extends PermissionInput {
  readonly interpreter: string;
  readonly version: NodeVersion | undefined;
  /** Off with --no-node-permission (Landlock and seccomp alone). */
  readonly permission: boolean;
  readonly script: string;
  readonly args: readonly string[];
  /** RLIMIT_AS in bytes, when it is set. */
  readonly addressSpace?: bigint;
}

/**
 * [node, flags..., --require boot, --, script, args...]. The script is node's
 * real main module, so process.argv is [execPath, script, ...args], require.main
 * is the script, and CommonJS or ESM is decided by node itself (extension,
 * nearest package.json "type"); the boot only maps fatal errors to exit 2.
 */
export function nodeArgv(a: ArgvInput): string[] {
  return [
    a.interpreter,
    // No native addons: process.dlopen and require('*.node') throw ERR_DLOPEN_DISABLED.
    "--no-addons",
    ...(oldSpaceMiB(a.addressSpace) !== undefined ? [`--max-old-space-size=${oldSpaceMiB(a.addressSpace)}`] : []),
    ...wasmFlags(a.version, a.addressSpace),
    ...(a.permission && hasPermissionModel(a.version) ? permissionFlags(a) : []),
    "--require",
    a.boot,
    "--",
    a.script,
    ...a.args,
  ];
}
