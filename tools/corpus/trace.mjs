#!/usr/bin/env node
// Traces each workload of a host's corpus, bare (no sandbox), under strace -f,
// and records what it asked of the kernel:
//
//   node tools/corpus/trace.mjs --host hpython [--only test_json]
//
// writes tools/corpus/data/HOST.json: per workload, syscall → count, errno
// results, and the argument shapes a filter would test (socket domain/type,
// fcntl cmd, ioctl request, prctl option, clone flags, mmap/mprotect prot,
// open flags class, kill/tgkill self-or-other, setsockopt level/opt, ...);
// plus the union over the corpus, which is what a measured allowlist holds.
// With --only, the other workloads' entries already in the file are kept.
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
// The launcher's own strace reader (the same grammar --trace and --learn use), built.
import { splitArgs, straceLineParser } from "../../packages/core/dist/index.js";
import { interpreterVersion, parseArgs, scratch, selected, workloadEnv } from "./common.mjs";
import { bareArgv, REPO } from "./corpora.mjs";
import { countPasses, runBounded } from "./run.mjs";

const USAGE = "usage: trace.mjs --host HOST [--only NAME] [--timeout-scale N]";
const opts = parseArgs(process.argv.slice(2), USAGE);
const OUT = join(REPO, "tools", "corpus", "data", `${opts.host}.json`);

// ---- argument shapes ---------------------------------------------------------
const OPEN_FLAGS = ["O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "O_DIRECTORY", "O_TMPFILE", "O_PATH", "O_NOFOLLOW"];
function openClass(flags) {
  const f = flags.split("|");
  const acc = f.find((x) => /^O_(RDONLY|WRONLY|RDWR)$/.test(x)) ?? (flags.startsWith("O_") ? "O_RDONLY" : flags);
  return [acc, ...OPEN_FLAGS.filter((x) => f.includes(x))].join("|");
}
const unmasked = (s) => s.replace(/\|?SOCK_(CLOEXEC|NONBLOCK)/g, "") || s;
const family = (a) => /sa_family=(AF_[A-Z0-9]+)/.exec(a)?.[1] ?? "?";

/** shape(args[], pid, tgidOf) → string, for syscalls whose arguments a filter tests. */
const SHAPES = {
  socket: (a) => `${a[0]}, ${unmasked(a[1] ?? "?")}`,
  socketpair: (a) => `${a[0]}, ${unmasked(a[1] ?? "?")}`,
  bind: (a) => family(a[1] ?? ""),
  connect: (a) => family(a[1] ?? ""),
  sendto: (a) => (a[4] && a[4] !== "NULL" ? family(a[4]) : "no address"),
  setsockopt: (a) => `${a[1]}, ${a[2]}`,
  getsockopt: (a) => `${a[1]}, ${a[2]}`,
  fcntl: (a) => a[1],
  ioctl: (a) => a[1]?.replace(/^0x[0-9a-f]+ \/\* (\S+) \*\/$/, "$1"),
  prctl: (a) => a[0],
  arch_prctl: (a) => a[0],
  clone: (a) => a.find((x) => x.startsWith("flags="))?.slice(6) ?? "?",
  clone3: (a) => /flags=([^,}]+)/.exec(a[0] ?? "")?.[1] ?? "?",
  mmap: (a) =>
    `${a[2]}, ${(a[3] ?? "").replace(/\|?MAP_(FIXED_NOREPLACE|FIXED|NORESERVE|DENYWRITE|POPULATE|STACK|GROWSDOWN)/g, "")}`,
  mprotect: (a) => a[2],
  pkey_mprotect: (a) => a[2],
  mremap: (a) => a[3],
  madvise: (a) => a[2],
  openat: (a) => openClass(a[2] ?? ""),
  open: (a) => openClass(a[1] ?? ""),
  openat2: (a) => openClass(/flags=([^,}]+)/.exec(a[2] ?? "")?.[1] ?? ""),
  futex: (a) => (a[1] ?? "").replace(/_PRIVATE/, ""),
  rt_sigprocmask: (a) => a[0],
  prlimit64: (a) => `${a[0] === "0" ? "self" : "other"}, ${a[1]}`,
  getrlimit: (a) => a[0],
  setrlimit: (a) => a[0],
  personality: (a) => a[0],
  pipe2: (a) => a[1],
  eventfd2: (a) => a[1],
  memfd_create: (a) => a[1],
  getrandom: (a) => a[2],
  flock: (a) => a[1],
  lseek: (a) => a[2],
  unshare: (a) => a[0],
  seccomp: (a) => a[0],
  ptrace: (a) => a[0],
  accept4: (a) => a[3],
  dup3: (a) => a[2],
  epoll_create1: (a) => a[0],
  timerfd_create: (a) => a[0],
  clock_nanosleep: (a) => a[0],
  renameat2: (a) => a[4],
  statx: (a) => ((a[2] ?? "").includes("AT_EMPTY_PATH") && a[1] === '""' ? "fd" : "path"),
  sched_setaffinity: (a) => (a[0] === "0" ? "self" : "other"),
  setpriority: (a) => a[0],
};
// Signals: self (own process), own group (0 or -pgrp), or another process.
function signalTarget(syscall, a, pid, tgid) {
  const own = tgid.get(pid) ?? pid;
  if (syscall === "kill") {
    const t = Number(a[0]);
    const who = t === own ? "self" : t === 0 ? "own group" : t < 0 ? "a group" : "other";
    return `${who}, ${a[1]}`;
  }
  if (syscall === "tgkill") return `${Number(a[0]) === own ? "self" : "other"}, ${a[2]}`;
  if (syscall === "tkill") return `${(tgid.get(Number(a[0])) ?? Number(a[0])) === own ? "self" : "other"}, ${a[1]}`;
  return undefined;
}

/** Feeds a trace file to straceLineParser as a stream (a corpus trace may be hundreds of megabytes). */
async function parseStraceFile(file, handlers) {
  const feed = straceLineParser(handlers);
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) feed(line);
}

async function summarise(file) {
  const calls = {};
  const tgid = new Map();
  const ends = { signals: {} };
  await parseStraceFile(file, {
    onCall: (c) => {
      calls[c.syscall] ??= { count: 0 };
      const e = calls[c.syscall];
      e.count++;
      if (c.errno) {
        e.errors ??= {};
        e.errors[c.errno] = (e.errors[c.errno] ?? 0) + 1;
      }
      let shape;
      if (c.syscall === "kill" || c.syscall === "tgkill" || c.syscall === "tkill")
        shape = signalTarget(c.syscall, splitArgs(c.args), c.pid, tgid);
      else if (SHAPES[c.syscall]) shape = SHAPES[c.syscall](splitArgs(c.args));
      if (shape !== undefined) {
        e.args ??= {};
        e.args[shape] = (e.args[shape] ?? 0) + 1;
      }
      if ((c.syscall === "clone" || c.syscall === "clone3") && /^\d+$/.test(c.ret) && c.args.includes("CLONE_THREAD"))
        tgid.set(Number(c.ret), tgid.get(c.pid) ?? c.pid);
    },
    onEnd: (e) => {
      if (e.signal) ends.signals[e.signal] = (ends.signals[e.signal] ?? 0) + 1;
    },
  });
  return { calls: sortObj(calls), killedBy: sortObj(ends.signals) };
}

function sortObj(o) {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return o;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortObj(o[k])]),
  );
}

// ---- run ---------------------------------------------------------------------
const prev = existsSync(OUT) && opts.only ? JSON.parse(readFileSync(OUT, "utf8")) : undefined;
const workloads = { ...(prev?.workloads ?? {}) };
const started = Date.now();
for (const w of selected(opts.host, opts.only)) {
  const s = scratch(opts.host, w.name);
  const traceFile = join(s.dir, "strace.out");
  const argv = [
    "strace",
    "-f",
    "-qq",
    "-s",
    "64",
    "-e",
    "trace=all",
    "-e",
    "signal=none",
    "-o",
    traceFile,
    ...bareArgv(opts.host, w),
  ];
  const cwd = w.cwd === "scratch" || w.cwd === undefined ? s.cwd : w.cwd;
  // strace slows a run down several times: allow for it.
  const timeoutMs = (w.timeout ?? 60) * 4 * opts.timeoutScale * 1000;
  const r = await runBounded(argv, { cwd, env: workloadEnv(s.tmp), timeoutMs, stdinFile: w.stdin });
  const size = existsSync(traceFile) ? statSync(traceFile).size : 0;
  const sum = size > 0 ? await summarise(traceFile) : { calls: {}, killedBy: {} };
  const p = countPasses(w, r);
  workloads[w.name] = {
    argv: bareArgv(opts.host, w),
    cwd: w.cwd === "scratch" || w.cwd === undefined ? "(scratch)" : w.cwd,
    exit: r.timedOut ? "timeout" : r.signal ? r.signal : r.status,
    passed: p.passed,
    ...(p.total !== undefined ? { total: p.total } : {}),
    distinct: Object.keys(sum.calls).length,
    syscalls: sum.calls,
    ...(Object.keys(sum.killedBy).length ? { killedBy: sum.killedBy } : {}),
  };
  console.log(
    `${w.name.padEnd(40)} exit ${String(workloads[w.name].exit).padEnd(8)} passed ${String(p.passed).padStart(5)}  ${String(Object.keys(sum.calls).length).padStart(3)} syscalls  ${(r.ms / 1000).toFixed(1)}s  trace ${(size / 1e6).toFixed(1)}MB`,
  );
  s.remove();
}

const union = {};
for (const w of Object.values(workloads))
  for (const [name, e] of Object.entries(w.syscalls)) {
    union[name] ??= { count: 0, workloads: 0 };
    const u = union[name];
    u.count += e.count;
    u.workloads++;
    for (const [shape, n] of Object.entries(e.args ?? {})) {
      u.args ??= {};
      u.args[shape] = (u.args[shape] ?? 0) + n;
    }
  }
mkdirSync(join(REPO, "tools", "corpus", "data"), { recursive: true });
const doc = sortObj({
  host: opts.host,
  regenerate: `node tools/corpus/trace.mjs --host ${opts.host}`,
  interpreter: bareArgv(opts.host, { script: "SCRIPT", args: [] }).slice(0, -1),
  interpreterVersion: interpreterVersion(opts.host),
  strace: "strace -f -qq -s 64 -e trace=all -e signal=none (bare, no sandbox)",
  distinct: Object.keys(union).length,
  union,
  workloads,
});
writeFileSync(OUT, `${JSON.stringify(doc, null, 1)}\n`);
console.log(
  `${Object.keys(workloads).length} workloads, ${Object.keys(union).length} distinct syscalls; ${((Date.now() - started) / 1000).toFixed(0)}s; wrote ${OUT}`,
);
