export { default as profile } from "./profile.js";

// The programmatic API: spawn/run/runCode run this package's own bin
// (dist/bin.js beside this file) with the equivalent flags; see docs/api.md.
import { fileURLToPath } from "node:url";
import { bindHost } from "@hsandbox/core";

const api = bindHost({ name: "hsh", bin: fileURLToPath(new URL("./bin.js", import.meta.url)), extension: ".sh" });
/** Starts a script under hsh; returns a ChildProcess-like handle with stdio pipes (see docs/api.md). */
export const spawn = api.spawn;
/** Runs a script under hsh to the end: `{ code, signal, stdout, stderr, timedOut, truncated, violation? }`. */
export const run = api.run;
/** Runs source text under hsh from a private temporary file (removed afterwards). */
export const runCode = api.runCode;
export type {
  ExitInfo,
  RunCodeOptions,
  RunOptions,
  RunResult,
  SandboxedProcess,
  SandboxOptions,
  Violation,
} from "@hsandbox/core";
