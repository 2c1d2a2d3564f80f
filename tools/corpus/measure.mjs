#!/usr/bin/env node
// Pass rate of a host's corpus: each workload bare, then under the built host.
//
//   node tools/corpus/measure.mjs --host hpython [--only test_json] [--timeout-scale N]
//
// Prints workload, tests passed bare, tests passed sandboxed, and for a
// sandboxed run that lost tests its exit/death and first telling stderr line;
// the pass rate is sandboxed passes / bare passes (over workloads whose bare
// run passed anything). The sandboxed run uses --report, so a SIGSYS death
// names the system call. Writes tools/corpus/data/HOST-passrate.json (with
// --only, other workloads already in the file are kept).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostBin } from "../workspace.mjs";
import { interpreterVersion, parseArgs, scratch, selected, workloadEnv } from "./common.mjs";
import { bareArgv, REPO, SANDBOX_FLAGS } from "./corpora.mjs";
import { countPasses, runBounded } from "./run.mjs";

const USAGE = "usage: measure.mjs --host HOST [--only NAME] [--timeout-scale N]";
const opts = parseArgs(process.argv.slice(2), USAGE);
const OUT = join(REPO, "tools", "corpus", "data", `${opts.host}-passrate.json`);
const BIN = hostBin(opts.host);

export function sandboxArgv(host, w, s, cpu) {
  return [
    process.execPath,
    hostBin(host),
    ...SANDBOX_FLAGS[host],
    "--report",
    "-r",
    `cpu=${cpu}`,
    "--allow-write",
    s.dir,
    ...(w.allowRead ?? []).flatMap((p) => ["--allow-read", p]),
    w.script,
    ...w.args,
  ];
}

/** Why a sandboxed run lost tests: the syscalls the reporter named, paths refused, the first error line. */
function reasons(r) {
  const err = `${r.stderr}\n${r.stdout}`;
  // The reporter's lines: "HOST:   name(args)  [syscall N]" (core/src/report/reporter.ts).
  const killed = [...new Set([...err.matchAll(/^h[a-z]+: {3}([a-z0-9_]+)\(.*\[syscall \d+\]/gm)].map((m) => m[1]))];
  const denied = [
    ...new Set(
      [
        ...err.matchAll(/Permission denied: '([^']+)'/g),
        ...err.matchAll(/EACCES: permission denied, \w+ '([^']+)'/g),
        ...err.matchAll(/([^\s:'"]+): Permission denied/g),
      ].map((m) => m[1]),
    ),
  ].slice(0, 8);
  const lines = r.stderr.split("\n").filter((l) => l.trim() && !/warning: running with real uid 0/.test(l));
  const first = (
    lines.find((l) => /^h[a-z]+: {3}\S+\(|Error\b|error:|denied|EACCES|EPERM/.test(l)) ??
    lines[0] ??
    ""
  ).slice(0, 200);
  return { killed, denied, first };
}

const prev = existsSync(OUT) && opts.only ? JSON.parse(readFileSync(OUT, "utf8")) : undefined;
const rows = { ...(prev?.workloads ?? {}) };
console.log(`${"workload".padEnd(40)} ${"bare".padStart(6)} ${"sandbox".padStart(7)}  why (sandboxed)`);
for (const w of selected(opts.host, opts.only)) {
  const timeoutMs = (w.timeout ?? 60) * opts.timeoutScale * 1000;
  const cpu = Math.ceil(timeoutMs / 1000);
  const runOne = async (sandboxed) => {
    const s = scratch(opts.host, w.name);
    const cwd = w.cwd === "scratch" || w.cwd === undefined ? s.cwd : w.cwd;
    const argv = sandboxed ? sandboxArgv(opts.host, w, s, cpu) : bareArgv(opts.host, w);
    const r = await runBounded(argv, { cwd, env: workloadEnv(s.tmp), timeoutMs, stdinFile: w.stdin });
    s.remove();
    return r;
  };
  const bare = await runOne(false);
  const box = await runOne(true);
  const pb = countPasses(w, bare);
  const ps = countPasses(w, box);
  const exit = (r) => (r.timedOut ? "timeout" : (r.signal ?? r.status));
  const why = ps.passed < pb.passed || exit(box) !== exit(bare) ? reasons(box) : undefined;
  rows[w.name] = {
    bare: { passed: pb.passed, ...(pb.total !== undefined ? { total: pb.total } : {}), exit: exit(bare) },
    sandboxed: { passed: ps.passed, ...(ps.total !== undefined ? { total: ps.total } : {}), exit: exit(box) },
    ...(why ? { why } : {}),
  };
  const whyText = why
    ? `${exit(box)}${why.killed.length ? ` SIGSYS in ${why.killed.join(",")}` : ""}${why.denied.length ? ` denied ${why.denied.slice(0, 2).join(",")}` : ""} | ${why.first}`
    : "";
  console.log(
    `${w.name.padEnd(40)} ${String(pb.passed).padStart(6)} ${String(ps.passed).padStart(7)}  ${whyText.slice(0, 160)}`,
  );
}

let bareTotal = 0;
let boxTotal = 0;
const killed = {};
for (const r of Object.values(rows)) {
  if (r.bare.passed <= 0) continue;
  bareTotal += r.bare.passed;
  boxTotal += Math.min(r.sandboxed.passed, r.bare.passed);
  for (const k of r.why?.killed ?? []) killed[k] = (killed[k] ?? 0) + 1;
}
const rate = bareTotal ? boxTotal / bareTotal : 0;
console.log(
  `\n${opts.host}: ${Object.keys(rows).length} workloads; tests passed bare ${bareTotal}, sandboxed ${boxTotal}: pass rate ${(rate * 100).toFixed(1)} %`,
);
if (Object.keys(killed).length)
  console.log(
    `killed by SIGSYS in (workloads): ${Object.entries(killed)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")}`,
  );
mkdirSync(join(REPO, "tools", "corpus", "data"), { recursive: true });
const sorted = Object.fromEntries(
  Object.keys(rows)
    .sort()
    .map((k) => [k, rows[k]]),
);
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      host: opts.host,
      regenerate: `node tools/corpus/measure.mjs --host ${opts.host}`,
      interpreterVersion: interpreterVersion(opts.host),
      sandboxFlags: [
        ...SANDBOX_FLAGS[opts.host],
        "--report",
        "-r",
        "cpu=<timeout>",
        "--allow-write",
        "<scratch>",
        "(per workload: --allow-read ...)",
      ],
      bin: BIN.replace(`${REPO}/`, ""),
      passedBare: bareTotal,
      passedSandboxed: boxTotal,
      passRate: Number(rate.toFixed(4)),
      killedBySigsys: killed,
      workloads: sorted,
    },
    null,
    1,
  )}\n`,
);
console.log(`wrote ${OUT}`);
