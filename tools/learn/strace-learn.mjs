#!/usr/bin/env node
// Learns what an interpreter needs by running real workloads under strace -f.
// The seccomp allowlists in packages/h*/src/profile.ts are built from this
// output, never by guessing; rerun it when an interpreter version changes:
//
//   node tools/learn/strace-learn.mjs -- lua5.4 tools/learn/workloads/hello.lua
//   node tools/learn/strace-learn.mjs --json out.json -- python3 -I x.py
//
// Prints each syscall with its count and, for the multiplexing ones, the
// argument values seen (fcntl/ioctl/prctl commands, mmap/mprotect prot and
// flags, clone flags, open flags, socket families), which become the
// argument checks of the filter. It also lists every path opened, with the
// result, for the Landlock side.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// The launcher's own strace reader (the same grammar --trace and --learn use): run after a build.
import { firstPath, parseStrace, splitArgs } from "../../packages/core/dist/index.js";

const argv = process.argv.slice(2);
const dd = argv.indexOf("--");
if (dd < 0 || dd === argv.length - 1) {
  console.error("usage: strace-learn.mjs [--json FILE] -- COMMAND [ARG]...");
  process.exit(1);
}
const opts = argv.slice(0, dd);
const cmd = argv.slice(dd + 1);
const jsonOut = opts.includes("--json") ? opts[opts.indexOf("--json") + 1] : undefined;

const dir = mkdtempSync(join(tmpdir(), "strace-learn-"));
const file = join(dir, "trace");
const r = spawnSync("strace", ["-f", "-qq", "-X", "abbrev", "-s", "256", "-o", file, ...cmd], {
  stdio: ["inherit", "inherit", "inherit"],
});
if (r.error) {
  console.error(`strace-learn: cannot run strace: ${r.error.message} (apt-get install strace)`);
  process.exit(1);
}

/** Argument positions worth recording, per syscall (0-based). */
const KEY_ARGS = {
  fcntl: [1],
  ioctl: [1],
  prctl: [0],
  mmap: [2, 3],
  mprotect: [2],
  clone: [0],
  openat: [2],
  open: [1],
  socket: [0, 1],
  madvise: [2],
  futex: [1],
  arch_prctl: [0],
  rt_sigprocmask: [0],
  prlimit64: [1],
  getrlimit: [0],
  kill: [1],
  tgkill: [2],
  clock_gettime: [0],
  personality: [0],
  sched_getaffinity: [],
};

const calls = new Map();
const paths = new Map();
for (const { syscall: name, args: rawArgs, ret, errno } of parseStrace(readFileSync(file, "utf8")).calls) {
  const c = calls.get(name) ?? { count: 0, args: {} };
  c.count++;
  const args = splitArgs(rawArgs);
  for (const i of KEY_ARGS[name] ?? []) {
    const key = `arg${i}`;
    c.args[key] ??= {};
    // strace names clone's arguments ("flags=..."); take the flags one.
    const v = name === "clone" ? (args.find((a) => a.startsWith("flags=")) ?? "?") : (args[i] ?? "?");
    c.args[key][v] = (c.args[key][v] ?? 0) + 1;
  }
  calls.set(name, c);
  if (["openat", "open", "execve", "newfstatat", "stat", "access", "readlink", "statx"].includes(name)) {
    const p = firstPath(rawArgs);
    if (p !== undefined) paths.set(`${name} ${p}`, ret.startsWith("-") ? errno : "ok");
  }
}
rmSync(dir, { recursive: true, force: true });

const sorted = [...calls.entries()].sort((a, b) => b[1].count - a[1].count);
console.log(`# ${cmd.join(" ")}`);
console.log(`# ${sorted.length} distinct syscalls`);
for (const [name, c] of sorted) {
  const extra = Object.entries(c.args)
    .map(([k, vals]) => `${k}: ${Object.keys(vals).join(" | ")}`)
    .join("; ");
  console.log(`${String(c.count).padStart(7)}  ${name}${extra ? `   ${extra}` : ""}`);
}
console.log("# paths");
for (const [k, v] of [...paths.entries()].sort()) console.log(`  ${v.padEnd(7)} ${k}`);
if (jsonOut) {
  writeFileSync(
    jsonOut,
    JSON.stringify({ command: cmd, syscalls: Object.fromEntries(sorted), paths: Object.fromEntries(paths) }, null, 2),
  );
}
