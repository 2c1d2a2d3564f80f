#!/usr/bin/env node
// pnpm bench: launch cost, filter cost and filter size of every host, from
// one run. Prints a table and writes bench/results/<time>.json.
//
//   node bench/run.mjs            (after pnpm build; `pnpm bench` builds first)
//   BENCH_RUNS=40 BENCH_LOOP_RUNS=7 node bench/run.mjs
//
// Launch: every configuration is run BENCH_RUNS times, round-robin (so a
// noisy neighbour hits all of them alike), and the median is reported with
// the interquartile range. The host runs carry H_TIMING=1, so the same runs
// give the phase split (packages/core/src/timing.ts). "setup" = host - bare
// interpreter - `node -e 0`: what the sandbox adds beyond Node's own boot.
//
// Filter: each workload (bench/workloads/syscalls.*) times its own loop
// in-process, sandboxed and bare; the ratio excludes start-up. Filter size
// and per-syscall path length come from compiling each host's policy here
// (the same code the launcher runs) and executing it in @hsandbox/bpf's
// simulator; the hot syscalls are the workload's own, counted by strace -c
// when strace is installed.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hostBin as binOf, forEveryHost } from "../tools/workspace.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = join(BENCH, "..");
const W = join(BENCH, "workloads");
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const LOOP_RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 5);
const NPROC_EXTRA = Number(process.env.BENCH_NPROC_EXTRA ?? 400);

// The workloads' file extension per host (bench/workloads/{hello,syscalls}.EXT);
// every host of the workspace must have one (tools/workspace.mjs).
const EXT = forEveryHost("bench/run.mjs's workloads", { hlua: "lua", hpython: "py", hnode: "js", hsh: "sh" });
const HOSTS = Object.entries(EXT).map(([name, ext]) => ({ name, ext }));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const r2 = (x) => Math.round(x * 100) / 100;
const summary = (xs) => ({
  median: r2(median(xs)),
  p25: r2(quantile(xs, 0.25)),
  p75: r2(quantile(xs, 0.75)),
  n: xs.length,
});

function hostBin(name) {
  const p = binOf(name);
  if (!existsSync(p)) throw new Error(`${p} missing: run pnpm build (pnpm bench does)`);
  return p;
}

/** The interpreter argv[0] a host would exec, from its own --explain=json. */
function hostInterpreter(host, script) {
  const out = execFileSync(process.execPath, [hostBin(host), "--explain=json", script], { encoding: "utf8" });
  // --explain=json is { schema, policy, summary }; argv is the policy's.
  return JSON.parse(out).policy.argv[0];
}

function timeOnce(cmd, args, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

function parseTiming(stderr) {
  const line = stderr.split("\n").find((l) => l.startsWith("h-timing "));
  return line ? JSON.parse(line.slice(9)) : undefined;
}

// --- launch -----------------------------------------------------------------

function bwrapArgs(cmd) {
  // Comparable restrictions: every namespace, no capabilities, an empty
  // environment, the whole file system read-only (h grants less, but the
  // number of mounts barely changes bwrap's cost), a private /tmp and /dev.
  return [
    "--unshare-all",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--clearenv",
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    // The workloads may live beneath /tmp (a checkout there): show them again.
    "--ro-bind",
    join(REPO, "bench"),
    join(REPO, "bench"),
    ...cmd,
  ];
}

function which(name) {
  const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function bwrapStatus(bwrap, probe) {
  if (!bwrap) return { root: "not installed (apt-get install bubblewrap)", nobody: "not installed" };
  const tryAs = (pre) => {
    const r = spawnSync(pre[0], [...pre.slice(1), bwrap, ...bwrapArgs(probe)], { encoding: "utf8" });
    return r.status === 0 ? "ok" : `fails: ${(r.stderr || `exit ${r.status}`).trim().split("\n").at(-1)}`;
  };
  const isRoot = process.getuid() === 0;
  return {
    root: isRoot ? tryAs(["env"]) : "not root",
    nobody: isRoot ? tryAs(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]) : tryAs(["env"]),
  };
}

function launchBench(bwrap, bwrapOk) {
  const configs = [{ id: "node -e 0", cmd: process.execPath, args: ["-e", "0"], env: process.env }];
  for (const h of HOSTS) {
    const hello = join(W, `hello.${h.ext}`);
    const interp = hostInterpreter(h.name, hello);
    const bareArgs = h.name === "hpython" ? ["-I", "-B", hello] : [hello];
    h.interpreter = interp;
    configs.push(
      {
        id: `${h.name}`,
        host: h.name,
        kind: "host",
        cmd: process.execPath,
        args: [hostBin(h.name), hello],
        env: { ...process.env, H_TIMING: "1" },
      },
      {
        id: `${h.name} (no cache)`,
        host: h.name,
        kind: "nocache",
        cmd: process.execPath,
        args: [hostBin(h.name), hello],
        env: { ...process.env, H_TIMING: "1", H_NO_CACHE: "1" },
      },
      {
        // The reporting process (on by default) starts beside the launch; this shows what it adds.
        id: `${h.name} --no-report`,
        host: h.name,
        kind: "noreport",
        cmd: process.execPath,
        args: [hostBin(h.name), "--no-report", hello],
        env: process.env,
      },
      { id: `${h.name}: bare ${interp}`, host: h.name, kind: "bare", cmd: interp, args: bareArgs, env: process.env },
    );
    if (bwrapOk) {
      configs.push({
        id: `${h.name}: bwrap ${interp}`,
        host: h.name,
        kind: "bwrap",
        cmd: bwrap,
        args: bwrapArgs([interp, ...bareArgs]),
        env: process.env,
      });
    }
  }
  const times = new Map(configs.map((c) => [c.id, []]));
  const timings = new Map(configs.map((c) => [c.id, []]));
  for (const c of configs) timeOnce(c.cmd, c.args, c.env); // warm the page cache and the h cache
  for (let i = 0; i < RUNS; i++) {
    for (const c of configs) {
      const r = timeOnce(c.cmd, c.args, c.env);
      times.get(c.id).push(r.ms);
      const t = parseTiming(r.stderr);
      if (t) timings.get(c.id).push(t);
    }
    process.stderr.write(`\rlaunch: round ${i + 1}/${RUNS}`);
  }
  process.stderr.write("\n");
  const node = median(times.get("node -e 0"));
  const out = { node: summary(times.get("node -e 0")), hosts: {} };
  for (const h of HOSTS) {
    const get = (kind) => configs.find((c) => c.host === h.name && c.kind === kind);
    const host = times.get(get("host").id);
    const bare = times.get(get("bare").id);
    const phases = {};
    const ts = timings.get(get("host").id);
    for (const k of Object.keys(ts[0] ?? {})) phases[k] = r2(median(ts.map((t) => t[k] ?? 0)));
    const phasesNoCache = {};
    const tn = timings.get(get("nocache").id);
    for (const k of Object.keys(tn[0] ?? {})) phasesNoCache[k] = r2(median(tn.map((t) => t[k] ?? 0)));
    const inProcess = Object.entries(phases)
      .filter(([k]) => !["boot", "sinceStart"].includes(k))
      .reduce((a, [, v]) => a + v, 0);
    out.hosts[h.name] = {
      interpreter: h.interpreter,
      host: summary(host),
      hostNoCache: summary(times.get(get("nocache").id)),
      hostNoReport: summary(times.get(get("noreport").id)),
      bare: summary(bare),
      ...(get("bwrap") ? { bwrap: summary(times.get(get("bwrap").id)) } : {}),
      setupBeyondNodeAndBare: r2(median(host) - median(bare) - node),
      setupInProcess: r2(inProcess),
      phases,
      phasesNoCache,
    };
  }
  return out;
}

// --- nproc scan scaling -------------------------------------------------------

async function nprocScaling() {
  const sample = () => {
    const xs = [];
    for (let i = 0; i < 7; i++) {
      const t = parseTiming(
        timeOnce(process.execPath, [hostBin("hsh"), join(W, "hello.sh")], { ...process.env, H_TIMING: "1" }).stderr,
      );
      xs.push(t?.nproc ?? Number.NaN);
    }
    return r2(median(xs));
  };
  const count = () => readFileSync("/proc/loadavg", "utf8").split(" ")[3].split("/")[1];
  const before = { tasks: Number(count()), nprocMs: sample() };
  const kids = [];
  for (let i = 0; i < NPROC_EXTRA; i++) kids.push(spawn("sleep", ["60"], { stdio: "ignore" }));
  await new Promise((r) => setTimeout(r, 300));
  const after = { tasks: Number(count()), nprocMs: sample() };
  for (const k of kids) k.kill("SIGKILL");
  return {
    before,
    after,
    perThousandTasksMs: r2(((after.nprocMs - before.nprocMs) / (after.tasks - before.tasks)) * 1000),
  };
}

// --- filter cost ---------------------------------------------------------------

function loopBench() {
  const out = {};
  const runs = Object.fromEntries(HOSTS.map((h) => [h.name, { sandboxed: [], bare: [] }]));
  for (let i = 0; i < LOOP_RUNS; i++) {
    for (const h of HOSTS) {
      const w = join(W, `syscalls.${h.ext}`);
      const bareArgs = h.name === "hpython" ? ["-I", "-B", w] : [w];
      runs[h.name].sandboxed.push(Number(timeOnce(process.execPath, [hostBin(h.name), w], process.env).stdout.trim()));
      runs[h.name].bare.push(Number(timeOnce(h.interpreter, bareArgs, process.env).stdout.trim()));
    }
    process.stderr.write(`\rfilter loops: round ${i + 1}/${LOOP_RUNS}`);
  }
  process.stderr.write("\n");
  for (const h of HOSTS) {
    const s = median(runs[h.name].sandboxed);
    const b = median(runs[h.name].bare);
    out[h.name] = {
      sandboxedS: Math.round(s * 1e4) / 1e4,
      bareS: Math.round(b * 1e4) / 1e4,
      overheadPct: r2((s / b - 1) * 100),
      runs: runs[h.name],
    };
  }
  return out;
}

// --- filter size and path lengths ---------------------------------------------

const AT_FDCWD = 0xffffff9cn | (0xffffffffn << 32n);
/** Representative arguments (what glibc passes in the workloads). */
const TYPICAL_ARGS = {
  openat: [AT_FDCWD, 0x1000n, 0x80000n, 0n],
  newfstatat: [AT_FDCWD, 0x1000n, 0x2000n, 0n],
  statx: [AT_FDCWD, 0x1000n, 0n, 0xfffn],
  fstat: [3n],
  read: [3n, 0x1000n, 16n],
  pread64: [3n, 0x1000n, 16n, 0n],
  write: [1n, 0x1000n, 6n],
  lseek: [3n, 0n, 0n],
  close: [3n],
  fcntl: [3n, 1n],
  ioctl: [3n, 0x5401n],
  futex: [0x1000n, 0x80n, 0n],
  mmap: [0n, 0x1000n, 3n, 0x22n, 0xffffffffffffffffn, 0n],
  brk: [0n],
  rt_sigaction: [2n, 0x1000n, 0n, 8n],
  getdents64: [3n, 0x1000n, 0x8000n],
};

function straceTop(h, count) {
  if (!which("strace")) return undefined;
  const w = join(W, `syscalls.${h.ext}`);
  const bareArgs = h.name === "hpython" ? ["-I", "-B", w] : [w];
  const r = spawnSync("strace", ["-f", "-c", "-U", "calls,name", "-S", "calls", h.interpreter, ...bareArgs, "20000"], {
    encoding: "utf8",
  });
  const rows = r.stderr
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length === 2 && /^\d+$/.test(p[0]))
    .map(([n, name]) => ({ name, calls: Number(n) }));
  return rows.slice(0, count);
}

async function filterBench() {
  const core = await import(join(REPO, "packages/core/dist/index.js"));
  const bpf = await import(join(REPO, "packages/bpf/dist/index.js"));
  const out = {};
  for (const h of HOSTS) {
    const { profile } = await import(join(REPO, "packages", h.name, "dist", "index.js"));
    const script = join(W, `hello.${h.ext}`);
    const policy = core.buildPolicy({
      profile,
      cli: core.parseCommandLine([script], profile.options),
      packageDir: join(REPO, "packages", h.name),
      landlockAbi: 7,
      uid: process.getuid(),
      euid: process.geteuid(),
      environ: process.env,
    });
    const program = bpf.decode(core.compileFilter(policy, 0x7f0000001000n));
    const stats = bpf.filterStats(program);
    const arch = core.hostArch();
    const archNo = arch === "x86_64" ? 0xc000003e : 0xc00000b7;
    const top = straceTop(h, 8) ?? Object.keys(TYPICAL_ARGS).map((name) => ({ name, calls: undefined }));
    const paths = [];
    for (const { name, calls } of top) {
      const nr = bpf.syscallNumber(arch, name);
      if (nr === undefined) continue;
      const a = TYPICAL_ARGS[name] ?? [];
      const args = [0, 1, 2, 3, 4, 5].map((i) => a[i] ?? 0n);
      const ex = bpf.execute(program, { nr, arch: archNo, instructionPointer: 0x400000n, args });
      const action = bpf.retAction(ex.ret);
      paths.push({ syscall: name, calls, instructions: ex.steps, action: action.kind });
    }
    out[h.name] = { ...stats, hot: paths };
  }
  return out;
}

// --- report --------------------------------------------------------------------

function table(rows) {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join("  "))
    .join("\n");
}

async function main() {
  const bwrap = which("bwrap");
  const bw = bwrapStatus(bwrap, ["/bin/true"]);
  const bwrapOk = bwrap && (bw.root === "ok" || (process.getuid() !== 0 && bw.nobody === "ok"));
  const startedAt = new Date().toISOString();
  const launch = launchBench(bwrap, bwrapOk);
  const loops = loopBench();
  const filters = await filterBench();
  const nproc = await nprocScaling();
  const result = {
    startedAt,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      loadavg: loadavg(),
      node: process.version,
      uid: process.getuid(),
    },
    runs: RUNS,
    loopRuns: LOOP_RUNS,
    bwrap: { path: bwrap ?? null, ...bw },
    launch,
    loops,
    filters,
    nproc,
  };
  mkdirSync(join(BENCH, "results"), { recursive: true });
  const file = join(BENCH, "results", `${startedAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

  const L = launch.hosts;
  const fmt = (s) => `${s.median} (${s.p25}–${s.p75})`;
  console.log(`\nLaunch, ms wall clock, median (p25–p75) of ${RUNS}; node -e 0: ${fmt(launch.node)}`);
  console.log(
    table([
      [
        "host",
        "hX hello",
        "no cache",
        "--no-report",
        "bare",
        ...(bwrapOk ? ["bwrap bare"] : []),
        "setup*",
        "in-process",
      ],
      ...HOSTS.map((h) => [
        h.name,
        fmt(L[h.name].host),
        L[h.name].hostNoCache.median,
        L[h.name].hostNoReport.median,
        L[h.name].bare.median,
        ...(bwrapOk ? [L[h.name].bwrap?.median ?? "-"] : []),
        L[h.name].setupBeyondNodeAndBare,
        L[h.name].setupInProcess,
      ]),
    ]),
  );
  console.log("* setup = hX hello - bare - node -e 0 (target <= 5); in-process = sum of the phases below\n");
  const phaseNames = [...new Set(HOSTS.flatMap((h) => Object.keys(L[h.name].phases)))].filter(
    (k) => k !== "sinceStart",
  );
  console.log("Phases (H_TIMING=1), ms median; last column: h cache off (H_NO_CACHE=1) for closure/hostGrants");
  console.log(
    table([
      ["phase", ...HOSTS.map((h) => h.name), ...HOSTS.map((h) => `${h.name} nc`)],
      ...phaseNames.map((k) => [
        k,
        ...HOSTS.map((h) => L[h.name].phases[k] ?? "-"),
        ...HOSTS.map((h) => L[h.name].phasesNoCache[k] ?? "-"),
      ]),
    ]),
  );
  console.log(`\nFilter cost: syscall loop timed in-process, median of ${LOOP_RUNS} (target <= 3 %)`);
  console.log(
    table([
      ["host", "sandboxed s", "bare s", "overhead %"],
      ...HOSTS.map((h) => [h.name, loops[h.name].sandboxedS, loops[h.name].bareS, loops[h.name].overheadPct]),
    ]),
  );
  console.log("\nCompiled filters: size, and instructions executed for the workload's most frequent syscalls");
  console.log(
    table([
      ["host", "insns", "jumps", "hot syscalls: name(calls)=instructions executed → action"],
      ...HOSTS.map((h) => [
        h.name,
        filters[h.name].instructions,
        filters[h.name].jumps,
        filters[h.name].hot
          .map(
            (p) =>
              `${p.syscall}${p.calls ? `(${p.calls})` : ""}=${p.instructions}${p.action === "allow" ? "" : `→${p.action}`}`,
          )
          .join(" "),
      ]),
    ]),
  );
  console.log(
    `\nnproc scan (hsh): ${nproc.before.nprocMs} ms at ${nproc.before.tasks} tasks, ${nproc.after.nprocMs} ms at ${nproc.after.tasks} tasks (${nproc.perThousandTasksMs} ms per 1000 tasks)`,
  );
  console.log(`bubblewrap: ${bwrap ?? "not installed"}; as root: ${bw.root}; as uid 65534: ${bw.nobody}`);
  console.log(`\nwrote ${file}`);
}

await main();
