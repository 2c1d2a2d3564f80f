import { join } from "node:path";
import { defineHost, homeAndUserEnv, type LaunchContext, type PathGrant, type ProbeSpec } from "@hsandbox/core";
import { libraryClosure } from "@hsandbox/landlock";
import pkg from "../package.json" with { type: "json" };
import { HPYTHON_RULES } from "./allowlist.js";
import { HOT_SYSCALLS } from "./hot-syscalls.js";
import { type PythonResolution, resolvePython } from "./interpreter.js";
import { askRuntime, loadRuntime, type PythonRuntime, RUNTIME_SCHEMA } from "./runtime.js";

// --- one resolution and one runtime lookup per launch ----------------------

const resolutions = new Map<string, PythonResolution>();

/** InterpreterSpec.toBinary: remembers how the binary was found (argv[0] for venvs). */
function toBinary(found: string): string {
  const r = resolvePython(found);
  resolutions.set(r.binary, r);
  return r.binary;
}

export function resolutionOf(binary: string): PythonResolution {
  return resolutions.get(binary) ?? { binary, argv0: binary, via: "--interpreter" };
}

/** The interpreter's own closure (core grants it), left out of the lib-dynload libraries. */
function ownClosure(binary: string): ReadonlySet<string> {
  const own = libraryClosure(binary);
  return new Set([
    ...own.libraries.map((l) => l.realPath),
    ...(own.interpreterRealPath ? [own.interpreterRealPath] : []),
  ]);
}

/** hpython's probe: the interpreter's layout (runtime.ts), run as argv[0] (a venv's), cached by core. */
export const pythonProbe: ProbeSpec<PythonRuntime> = {
  schema: RUNTIME_SCHEMA,
  libraries: true,
  key: (binary) => resolutionOf(binary).argv0,
  run: (binary) => askRuntime(binary, resolutionOf(binary).argv0, () => ownClosure(binary)),
};

/** The runtime in a launch context: the probe's answer core discovered (asked here only outside a launch). */
export function runtimeOf(ctx: LaunchContext): PythonRuntime {
  if (ctx.probe !== undefined) return ctx.probe as PythonRuntime;
  const { argv0 } = resolutionOf(ctx.interpreter);
  return loadRuntime(ctx.interpreter, argv0, () => ownClosure(ctx.interpreter)).runtime;
}

const bootPath = (ctx: LaunchContext) => join(ctx.packageDir, "boot", "boot.py");

/**
 * The boot's `--closed DIR` arguments: without --site, every site-packages
 * directory leaves sys.path, so an import of an installed package fails with
 * ImportError instead of PermissionError where the stdlib's listing right
 * covers site-packages (pyenv). See boot.py's _take_closed.
 */
function closedSite(ctx: LaunchContext): string[] {
  if (ctx.hostOptions?.site === true) return [];
  return runtimeOf(ctx).sitePackages.flatMap((d) => ["--closed", d]);
}

/** Every path the interpreter needs besides its own ELF closure (which core grants). */
export function pythonGrants(ctx: LaunchContext): PathGrant[] {
  const res = resolutionOf(ctx.interpreter);
  const rt = runtimeOf(ctx);
  const v = `Python ${rt.version}`;
  const g: PathGrant[] = [
    { path: bootPath(ctx), rights: ["read"], reason: "hpython's boot script (runs the script as __main__)" },
  ];
  if (rt.stdlibEntries.length === 0) {
    for (const d of rt.stdlib)
      g.push({ path: d, rights: ["read"], reason: `${v} standard library (sysconfig stdlib)` });
  } else {
    // site-packages lies beneath the stdlib here: list the stdlib dir (imports
    // scan it) and read its entries one by one, all but site-packages.
    for (const d of rt.stdlib) {
      g.push({
        path: d,
        rights: ["list"],
        reason: `${v} standard library (sysconfig stdlib): listing only, see its entries`,
      });
    }
    for (const e of rt.stdlibEntries)
      g.push({ path: e, rights: ["read"], reason: "standard library entry", optional: true });
  }
  for (const d of rt.dynload) {
    g.push({ path: d, rights: ["read"], reason: `${v} extension modules (lib-dynload; the loader maps them)` });
  }
  for (const z of rt.zips)
    g.push({ path: z, rights: ["read"], reason: `${v} zipped standard library on sys.path`, optional: true });
  for (const l of rt.outsideLinks) {
    g.push({
      path: l.target,
      rights: ["read"],
      reason: `target of ${l.link} (a stdlib file that links outside it)`,
      optional: true,
    });
  }
  for (const lib of rt.libraries) {
    g.push({
      path: lib.path,
      rights: ["read"],
      reason: `library ${lib.soname} of lib-dynload/${lib.neededBy}`,
      optional: true,
    });
  }
  if (res.venv) {
    g.push({
      path: join(res.venv, "pyvenv.cfg"),
      rights: ["read"],
      reason: "venv marker: CPython reads it to make the venv sys.prefix",
    });
  }
  // PEP 538: CPython coerces the C locale (the environment is empty) to
  // C.UTF-8, and glibc loads that locale's files. Without them it falls back
  // to UTF-8 mode (PEP 540) and works the same; granting them avoids a failed
  // open per category on every start.
  g.push({
    path: "/usr/lib/locale/C.utf8",
    rights: ["read"],
    reason: "the C.UTF-8 locale CPython switches to (PEP 538)",
    optional: true,
  });
  // Granted by default: none of them is secret, and each is what a stdlib
  // module reads (measured with strace on the bare interpreter).
  g.push({
    path: "/dev/null",
    rights: ["read", "write"],
    reason: "os.devnull: discarding output and reading nothing is harmless",
  });
  g.push({
    path: "/usr/share/zoneinfo",
    rights: ["read"],
    reason: "the time zone database: zoneinfo.ZoneInfo and --env TZ=Area/City (local time itself stays UTC without -l)",
    optional: true,
  });
  g.push({
    path: "/etc/mime.types",
    rights: ["read"],
    reason: "mimetypes' table of file types",
    optional: true,
  });
  if (ctx.hostOptions?.site === true) {
    for (const d of rt.sitePackages)
      g.push({ path: d, rights: ["read"], reason: "--site: installed packages (site-packages)" });
  }
  return g;
}

const PROCESS_ALLOWANCE = 16;

export default defineHost({
  name: "hpython",
  version: pkg.version,
  summary:
    "Run a Python 3 script confined: it reads only itself, the standard library (and what flags grant), cannot write, run programs or use the network; threads work.",
  interpreter: {
    candidates: ["python3", "python"],
    accept: /^python3(\.\d+)?$/,
    versionArgs: ["-I", "-S", "-c", "import sys; print('Python', sys.version.split()[0], sys.prefix)"],
    versionPattern: /^Python 3\.\d+/m,
    display: "Python 3",
    installHint: "apt-get install python3",
    toBinary,
  },
  options: {
    site: { type: "boolean", help: "also read installed packages (site-packages) so third-party imports work" },
  },
  // -I: isolated (no PYTHON* variables, no user site, no script dir on sys.path:
  //     the boot script puts the script's own directory there).
  // -B: no .pyc writes (Landlock would deny them; -B saves the attempts).
  argv: (ctx) => [
    resolutionOf(ctx.interpreter).argv0,
    "-I",
    "-B",
    bootPath(ctx),
    ...closedSite(ctx),
    ctx.script,
    ...ctx.args,
  ],
  grants: pythonGrants,
  // HOME, USER, LOGNAME: os.homedir() / Path.home() without /etc/passwd (core/src/home-env.ts).
  env: homeAndUserEnv,
  probe: pythonProbe,
  // No script: `python3 -i boot.py --repl` runs the boot (refusals, os.system
  // included, and a readline hook that keeps history in memory or in the one
  // --history FILE), then CPython's own prompt. Piped stdin: the boot reads
  // the program from stdin, as `python3 -` does.
  repl: {
    argv: (ctx) => {
      const head = [resolutionOf(ctx.interpreter).argv0, "-I", "-B"];
      if (ctx.session !== "repl") return [...head, bootPath(ctx), ...closedSite(ctx), "-", ...ctx.args];
      return [
        ...head,
        "-i",
        bootPath(ctx),
        ...closedSite(ctx),
        "--repl",
        ...(ctx.history ? ["--history", ctx.history] : []),
      ];
    },
    history: true,
  },
  // No promise groups: the policy is HPYTHON_RULES (./allowlist.ts), the
  // syscalls python3 was measured making under strace (the e2e cases and
  // CPython's own tests, tools/corpus), each with the workloads that needed
  // it. Landlock decides which files open, os.remove and os.rename reach
  // (EACCES outside the grants: -t, --allow-write); threads are clone with
  // exactly glibc's pthread flags; fork, exec, sockets other than
  // socketpair's, chmod/chown/utime/xattr writes and executable memory are
  // refused (answered with an errno where Python has a readable error).
  promises: [],
  hotSyscalls: HOT_SYSCALLS,
  rules: HPYTHON_RULES,
  // Calibrated on the e2e cases and tools/learn/workloads/py-*.py, run by the
  // bare interpreters (Debian 3.11.2 and pyenv 3.11.7) under an atexit hook
  // printing /proc/self/status and getrusage (the peaks below are the larger
  // of the two). Headroom is stated per value.
  rlimits: {
    cpu: {
      value: "5",
      why: "peak 0.06 s CPU (stdlib workload); 5 s is a script's budget (x80); -r cpu=N for longer work",
    },
    fsize: { value: "64M", why: "the workloads write < 1M; 64M bounds any file, stdout redirected to a file included" },
    data: {
      value: "256M",
      why: "peak VmData 34M (8 threads: their stacks are data); x7.5 for real data; stops a memory bomb with MemoryError",
    },
    stack: {
      value: "8M",
      why: "peak VmStk 132K; 8M is also every thread's stack size (glibc takes RLIMIT_STACK), so smaller would shrink threads",
    },
    core: { value: "0", why: "no core dumps (they would leak the script's memory)" },
    rss: { value: "inherit", why: "not enforced by Linux" },
    nproc: { value: "0", why: "replaced at launch by running tasks + the thread allowance" },
    nofile: { value: "64", why: "peak 7 descriptors (tempfile workload); x9 for real files and sqlite journals" },
    memlock: { value: "0", why: "not needed" },
    as: {
      value: "1G",
      why: "peak VmPeak 305M (8 threads: each reserves an 8M stack and may get a 64M malloc arena; hello 17M, stdlib 125M); x3.3",
    },
    locks: { value: "0", why: "not needed (fcntl record locks are not counted here)" },
    sigpending: { value: "16", why: "few signals are ever queued" },
    msgqueue: { value: "0", why: "no POSIX message queues" },
    nice: { value: "0", why: "cannot raise priority" },
    rtprio: { value: "0", why: "no real-time scheduling" },
    rttime: { value: "0", why: "no real-time scheduling" },
  },
  processAllowance: {
    count: PROCESS_ALLOWANCE,
    why: "threads (a ThreadPoolExecutor defaults to min(32, cpus + 4) workers); fork is denied by the filter anyway. AS bounds threads too: at up to 72M reserved each, 1G holds about 14",
  },
});
