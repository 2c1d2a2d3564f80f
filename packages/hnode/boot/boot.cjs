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
"use strict";

const { isMainThread } = require("node:worker_threads");

// In a worker an uncaught error is the parent's 'error' event: node's own
// handling is right there.
if (isMainThread) {
  let fatal = false;
  process.on("uncaughtExceptionMonitor", () => {
    if (process.listenerCount("uncaughtException") === 0) fatal = true;
  });
  // Registered before the script runs, so it is the first 'exit' listener.
  process.on("exit", () => {
    if (fatal) process.exitCode = 2;
  });
}
