// hnode's boot, preloaded with `node --require boot.cjs -- SCRIPT ARG...`
// inside the sandbox (Landlock, seccomp, rlimits and node's own permission
// model are already in force).
//
// Why a preload and not a wrapper that loads the script: with the script as
// node's own main module, everything is as plain `node SCRIPT ARG...` would
// have it — process.argv is [execPath, script, ...args], require.main is the
// script, CommonJS or ESM is node's decision (extension, nearest package.json
// "type"), relative require/import resolve from the script, and node prints
// fatal errors itself (with the source line and caret for syntax errors, which
// a wrapper catching an ESM SyntaxError from import() cannot reproduce).
//
// What the boot changes: a fatal error exits 2, not node's 1 (or 7): an
// uncaught exception, an unhandled rejection (node 20's default
// --unhandled-rejections=throw turns it into one) and a syntax error in the
// script or any module it loads. Node reports these through
// 'uncaughtExceptionMonitor' and then, when no 'uncaughtException' listener
// takes over, emits 'exit' with process.exitCode 1 before printing the error
// and exiting with process.exitCode. A script's own 'uncaughtException'
// listener keeps node's semantics (the process goes on); process.exit(n)
// exits n.
//
// And when the fatal error is an allocation the address-space limit refused
// (a Buffer, an ArrayBuffer, a WebAssembly memory: RangeErrors V8 throws when
// mmap fails), one line says which flag raises the limit. What the boot
// cannot catch, and so does not explain: V8's own heap limit (a fatal "heap
// out of memory" and SIGABRT, test/cases/memory-bomb) and the CPU limit
// (SIGXCPU): a JavaScript signal handler runs only when the event loop turns,
// so a script spinning in a loop would never run it and would die of the
// SIGKILL at the hard limit instead, without a word and without the SIGXCPU
// that says why.
"use strict";

const { isMainThread } = require("node:worker_threads");

/** RangeError messages of an allocation refused by mmap (node v20's V8). */
const OUT_OF_ADDRESS_SPACE = [
  /^Array buffer allocation failed$/,
  /^WebAssembly\.Memory\(\): could not allocate memory$/,
  /Cannot allocate Wasm memory/,
];

/**
 * The address-space limit, from the heap flag hnode derives from it (V8's old
 * space is half of it: src/node-flags.ts, oldSpaceMiB); undefined without one.
 */
function addressSpaceLimit() {
  for (const a of process.execArgv) {
    const m = /^--max-old-space-size=(\d+)$/.exec(a);
    if (m) {
      const mib = 2 * Number(m[1]);
      return mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
    }
  }
  return undefined;
}

// In a worker an uncaught error is the parent's 'error' event: node's own
// handling is right there.
if (isMainThread) {
  let fatal = false;
  process.on("uncaughtExceptionMonitor", (err) => {
    if (process.listenerCount("uncaughtException") !== 0) return;
    fatal = true;
    const as = addressSpaceLimit();
    if (as !== undefined && err instanceof RangeError && OUT_OF_ADDRESS_SPACE.some((r) => r.test(err.message))) {
      process.stderr.write(`hnode: memory limit reached (address space ${as}); -r as=SIZE raises it\n`);
    }
  });
  // Registered before the script runs, so it is the first 'exit' listener.
  process.on("exit", () => {
    if (fatal) process.exitCode = 2;
  });
}
