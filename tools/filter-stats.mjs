#!/usr/bin/env node
// Filter ordering from statistics. Two steps:
//
//   node tools/filter-stats.mjs --collect
//       runs the real workloads (tools/learn/workloads, the bare interpreters,
//       under strace through tools/learn/strace-learn.mjs --json) and writes
//       the per-language syscall counts to tools/learn/syscall-counts.json;
//
//   node tools/filter-stats.mjs [--markdown]
//       compiles each host's filter twice — dispatch by binary search only,
//       and with the compiler's `frequencyOrder` (the hot syscalls tested
//       first) — and prints the instructions executed per syscall (bpf's
//       pathLength on the real program), weighted by that language's counts,
//       plus the program sizes. It also prints each host's hot list, ready
//       for packages/<host>/src/hot-syscalls.ts.
//
// Needs the packages built (pnpm build): it reads the hosts' profiles from
// their dist, and @hsandbox/bpf.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, filterStats, launcherRulesShape, pathLength, rulesFor, syscallNumber } from "./filter-stats-lib.mjs";
import { forEveryHost } from "./workspace.mjs";

const REPO = join(import.meta.dirname, "..");
const COUNTS = join(REPO, "tools", "learn", "syscall-counts.json");
const WL = join(REPO, "tools", "learn", "workloads");

// The workloads per host (tools/learn/workloads): every host of the workspace has some.
const LANGS = forEveryHost("tools/filter-stats.mjs's workloads", {
  hpython: { prefix: "py-", cmd: (f) => ["/usr/bin/python3", "-I", "-B", f] },
  hlua: { prefix: "lua-", cmd: (f) => ["lua5.4", f] },
  hnode: { prefix: "node-", cmd: (f) => [process.execPath, f] },
  hsh: {
    inline: [
      [
        "bash",
        "--noprofile",
        "--norc",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a bash script, not a template
        'for i in $(seq 1 300); do x=$((i*i)); echo "$x" > /dev/null; done; read -r l < /etc/hostname; printf "%s\\n" "$l" "${#l}"; declare -A m; m[a]=1; echo ${m[a]}',
      ],
    ],
  },
});

function collect() {
  const out = {};
  const dir = mkdtempSync(join(tmpdir(), "filter-stats-"));
  try {
    for (const [host, spec] of Object.entries(LANGS)) {
      const cmds =
        spec.inline ??
        readdirSync(WL)
          .filter((f) => f.startsWith(spec.prefix))
          .sort()
          .map((f) => spec.cmd(join(WL, f)));
      const counts = {};
      for (const [i, cmd] of cmds.entries()) {
        const json = join(dir, `${host}-${i}.json`);
        const r = spawnSync(
          process.execPath,
          [join(REPO, "tools", "learn", "strace-learn.mjs"), "--json", json, "--", ...cmd],
          {
            cwd: WL,
            stdio: ["ignore", "ignore", "inherit"],
          },
        );
        if (r.status !== 0 && !existsSync(json)) throw new Error(`${cmd.join(" ")} failed`);
        for (const [name, c] of Object.entries(JSON.parse(readFileSync(json, "utf8")).syscalls))
          counts[name] = (counts[name] ?? 0) + c.count;
      }
      out[host] = { workloads: cmds.map((c) => c.map((a) => a.replace(`${REPO}/`, "")).join(" ")), counts };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(COUNTS, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${COUNTS}`);
}

/** One list for every host (kept for comparison: it is worse than per-host lists, see docs/filter-ordering.md). */
export function hotList(all, top = 16) {
  const share = {};
  for (const { counts } of Object.values(all)) {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    for (const [n, c] of Object.entries(counts)) share[n] = (share[n] ?? 0) + c / total / Object.keys(all).length;
  }
  return Object.entries(share)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([n]) => n);
}

function weightedMean(program, counts, arch) {
  let total = 0;
  let sum = 0;
  for (const [name, c] of Object.entries(counts)) {
    const nr = syscallNumber(arch, name);
    if (nr === undefined) continue;
    total += c;
    sum += c * pathLength(program, { nr, arch: 0xc000003e, instructionPointer: 0n, args: [0n, 0n, 0n, 0n, 0n, 0n] });
  }
  return sum / total;
}

async function report(markdown) {
  const all = JSON.parse(readFileSync(COUNTS, "utf8"));
  const arch = "x86_64";
  const rows = [];
  const lists = {};
  for (const host of Object.keys(LANGS)) {
    const { profile } = await import(join(REPO, "packages", host, "dist", "index.js"));
    const rules = [
      ...launcherRulesShape(profile),
      ...(profile.rules ?? []),
      ...rulesFor(profile.promises, arch, { selfPid: 4242 }),
    ];
    const inFilter = new Set(rules.map((r) => r.syscall));
    const opts = { arch, defaultAction: { kind: "kill-process" } };
    const counts = all[host].counts;
    const ranking = Object.entries(counts)
      .filter(([n]) => inFilter.has(n))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([n]) => n);
    const before = compile(rules, opts);
    // The best prefix of this host's own ranking: a linear test costs one
    // instruction per entry, the binary search about log2(n); measure each length.
    let best = { k: 0, mean: weightedMean(before, counts, arch), program: before };
    for (let k = 1; k <= Math.min(12, ranking.length); k++) {
      const program = compile(rules, { ...opts, frequencyOrder: ranking.slice(0, k) });
      const mean = weightedMean(program, counts, arch);
      if (mean < best.mean - 1e-9) best = { k, mean, program };
    }
    const mb = weightedMean(before, counts, arch);
    lists[host] = ranking.slice(0, best.k);
    const nrOf = (n) => ({
      nr: syscallNumber(arch, n),
      arch: 0xc000003e,
      instructionPointer: 0n,
      args: [0n, 0n, 0n, 0n, 0n, 0n],
    });
    rows.push({
      host,
      hot: lists[host].join(" ") || "(none)",
      size: `${filterStats(before).instructions} → ${filterStats(best.program).instructions}`,
      mean: `${mb.toFixed(2)} → ${best.mean.toFixed(2)}`,
      change: `${(((best.mean - mb) / mb) * 100).toFixed(0)} %`,
      top: ranking
        .slice(0, 5)
        .map((n) => `${n} ${pathLength(before, nrOf(n))}→${pathLength(best.program, nrOf(n))}`)
        .join(", "),
    });
  }
  if (markdown) {
    console.log(
      "| host | hot syscalls tested first | program size (insns) | mean insns executed per syscall (weighted by the workloads) | change | most frequent: before→after |",
    );
    console.log("|---|---|---|---|---|---|");
    for (const r of rows) console.log(`| ${r.host} | ${r.hot} | ${r.size} | ${r.mean} | ${r.change} | ${r.top} |`);
  } else {
    for (const r of rows)
      console.log(
        `${r.host.padEnd(8)} size ${r.size.padEnd(12)} mean ${r.mean.padEnd(16)} ${r.change.padStart(6)}   hot: ${r.hot}\n         ${r.top}`,
      );
  }
  console.log(`\n// for packages/<host>/src/hot-syscalls.ts, per host:\n${JSON.stringify(lists, null, 2)}`);
}

const args = process.argv.slice(2);
if (args.includes("--collect")) collect();
else await report(args.includes("--markdown"));
