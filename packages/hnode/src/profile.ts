// hnode: Node.js scripts under h. Mostly data: which interpreter, which
// flags, which syscalls (./allowlist.ts), which limits, and why. How the
// numbers and lists were found is in the comments next to them.
import { execFileSync } from "node:child_process";
import { realpathSync } from "node:fs";
import { join } from "node:path";
import { defineHost, homeAndUserEnv, type LaunchContext, type PathGrant, type ProbeSpec } from "@hsandbox/core";
import pkg from "../package.json" with { type: "json" };
import { HNODE_EXEC_RULES, hnodeRules } from "./allowlist.js";
import { HOT_SYSCALLS } from "./hot-syscalls.js";
import { type NodeVersion, nodeArgv, parseNodeVersion } from "./node-flags.js";
import { nearestPackageJson } from "./package-scope.js";

const bootPath = (ctx: LaunchContext) => join(ctx.packageDir, "boot", "boot.cjs");

/** Readable and writable by default (Landlock, and Node's permission model as --allow-fs-read/write). */
const DEV_NULL = "/dev/null";

/**
 * hnode's probe: the interpreter's version (it decides the permission flags).
 * Known when it is the node running hnode; else asked (node --version exits
 * before V8 starts) and cached by core.
 */
function knownVersion(interpreter: string): NodeVersion | undefined {
  try {
    return realpathSync(process.execPath) === interpreter ? parseNodeVersion(process.version) : undefined;
  } catch {
    return undefined;
  }
}

export const nodeVersionProbe: ProbeSpec<NodeVersion | undefined> = {
  schema: 1,
  known: knownVersion,
  run: (interpreter) => {
    try {
      return parseNodeVersion(
        execFileSync(interpreter, ["--version"], {
          encoding: "utf8",
          timeout: 5000,
          stdio: ["ignore", "pipe", "ignore"],
        }),
      );
    } catch {
      return undefined;
    }
  },
};

/** The version in a launch context: the probe's answer core discovered (asked here only outside a launch). */
function interpreterVersion(ctx: LaunchContext): NodeVersion | undefined {
  if (ctx.probe !== undefined) return ctx.probe as NodeVersion;
  return knownVersion(ctx.interpreter) ?? nodeVersionProbe.run(ctx.interpreter);
}

/** The package.json whose "type" makes a .js script ESM; .mjs and .cjs say it themselves. */
function packageScope(ctx: LaunchContext): string | undefined {
  if (ctx.session !== undefined) return undefined; // no script: no package scope
  if (/\.(mjs|cjs)$/.test(ctx.script)) return undefined;
  return nearestPackageJson(ctx.scriptDir);
}

export default defineHost({
  name: "hnode",
  version: pkg.version,
  summary:
    "Run a Node.js script confined: it reads only itself (and what flags grant), cannot write, run programs, load native addons or use the network.",
  interpreter: {
    candidates: ["node", "nodejs"],
    accept: /^(node|nodejs)$/,
    versionArgs: ["--version"],
    versionPattern: /^v\d+\.\d+\.\d+/m,
    display: "Node.js",
    installHint: "https://nodejs.org or apt-get install nodejs",
    // A fresh copy of the node that runs hnode, unless --interpreter.
    default: () => process.execPath,
  },
  probe: nodeVersionProbe,
  // HOME, USER, LOGNAME: os.homedir() / Path.home() without /etc/passwd (core/src/home-env.ts).
  env: homeAndUserEnv,
  options: {
    "no-node-permission": {
      type: "boolean",
      help: "do not add Node's permission model as a second layer (Landlock and seccomp alone)",
    },
  },
  argv: (ctx) => {
    const as = ctx.rlimits?.as;
    const pkgJson = packageScope(ctx);
    let real = ctx.script;
    try {
      real = realpathSync(ctx.script);
    } catch {}
    return nodeArgv({
      interpreter: ctx.interpreter,
      version: interpreterVersion(ctx),
      permission: ctx.hostOptions?.["no-node-permission"] !== true,
      boot: bootPath(ctx),
      scriptPaths: [...new Set([ctx.script, real])],
      extraReads: pkgJson ? [pkgJson] : [],
      extraWrites: [DEV_NULL],
      userGrants: ctx.userGrants ?? [],
      exec: ctx.exec === true,
      script: ctx.script,
      args: ctx.args,
      ...(as?.value.kind === "set" ? { addressSpace: as.value.value } : {}),
    });
  },
  // No script: node's own prompt (`-i`; NODE_REPL_HISTORY empty keeps the
  // history in memory, or names the one --history FILE, which core grants and
  // the permission flags mirror), or the program on stdin (`-- -`, as
  // `node -` reads it). Same flags, boot and permission model as a script.
  repl: {
    argv: (ctx) => {
      const as = ctx.rlimits?.as;
      const argv = nodeArgv({
        interpreter: ctx.interpreter,
        version: interpreterVersion(ctx),
        permission: ctx.hostOptions?.["no-node-permission"] !== true,
        boot: bootPath(ctx),
        scriptPaths: [],
        extraReads: [],
        extraWrites: [DEV_NULL],
        userGrants: ctx.userGrants ?? [],
        exec: ctx.exec === true,
        script: "-",
        args: ctx.args,
        ...(as?.value.kind === "set" ? { addressSpace: as.value.value } : {}),
      });
      // nodeArgv ends with "--", "-", args: a prompt replaces them with -i.
      return ctx.session === "repl" ? [...argv.slice(0, argv.indexOf("--")), "-i"] : argv;
    },
    env: (ctx) => ({ NODE_REPL_HISTORY: ctx.history ?? "" }),
    history: true,
  },
  grants: (ctx) => {
    const g: PathGrant[] = [
      { path: bootPath(ctx), rights: ["read"], reason: "hnode's boot script (preloaded with --require)" },
    ];
    // Node's bundled OpenSSL reads its configuration at startup and refuses
    // to start when the file exists but cannot be read ("OpenSSL
    // configuration error ... Permission denied", exit 13). World-readable,
    // no secrets; a missing file is fine for OpenSSL, hence optional.
    g.push({
      path: "/etc/ssl/openssl.cnf",
      rights: ["read"],
      reason: "OpenSSL's configuration, read by node at startup",
      optional: true,
    });
    // Granted by default: none is secret, each is what a core API reads
    // (measured with strace -f on the bare node, v20.20.2).
    g.push({
      path: DEV_NULL,
      rights: ["read", "write"],
      reason: "os.devNull: discarding output and reading nothing is harmless",
    });
    // process.memoryUsage() is libuv's uv_resident_set_memory: it reads
    // /proc/self/stat (the rss field) and threw EACCES without it. Landlock
    // ties the rule to the inode the launcher opens, /proc/<pid>/stat of its
    // own pid, which is the script's (the launcher execs the interpreter in
    // the same process); a child started with -x has another pid and is not
    // covered, nor is any other process's stat. Not /proc/self itself: that
    // would open environ, mountinfo and net/ (the machine's connections).
    // Measured limit: procfs makes a new inode when its cached dentry is
    // dropped (echo 2 > /proc/sys/vm/drop_caches during a run), and the rule
    // does not follow; memoryUsage() then throws EACCES again (never a kill).
    g.push({
      path: "/proc/self/stat",
      rights: ["read"],
      reason: "process.memoryUsage(): the process's own resident set size",
      optional: true,
    });
    // os.cpus() is libuv's uv_cpu_info: /proc/stat (per-CPU times; without it
    // os.cpus() was []), then /proc/cpuinfo (model names) and
    // /sys/devices/system/cpu/cpuN/cpufreq (speeds). All world-readable
    // machine-wide counters and descriptions, no file names or contents.
    // (os.availableParallelism() needs none of them: sched_getaffinity.)
    g.push({
      path: "/proc/stat",
      rights: ["read"],
      reason: "os.cpus(): per-CPU times",
      optional: true,
    });
    g.push({
      path: "/proc/cpuinfo",
      rights: ["read"],
      reason: "os.cpus(): CPU model names",
      optional: true,
    });
    g.push({
      path: "/sys/devices/system/cpu",
      rights: ["read"],
      reason: "os.cpus(): CPU speeds (cpufreq)",
      optional: true,
    });
    const pkgJson = packageScope(ctx);
    if (pkgJson)
      g.push({
        path: pkgJson,
        rights: ["read"],
        reason: 'the script\'s package.json: its "type" makes a .js script CommonJS or ESM',
      });
    return g;
  },
  // No promise groups: the policy is hnodeRules (./allowlist.ts), the
  // syscalls node was measured making under strace (the e2e cases, the
  // corpus, the learn workloads), each with the workload that needed it.
  // Landlock decides which files reads and writes reach (EACCES outside the
  // grants); chmod, chown and utimes are answered EPERM (FILE_ATTRIBUTE_CALLS).
  promises: [],
  rules: hnodeRules(process.pid),
  hotSyscalls: HOT_SYSCALLS,
  // -x: child_process (libuv forks, then execve; Landlock EXECUTE decides what).
  execPromises: ["proc", "exec"],
  execRules: HNODE_EXEC_RULES,
  rlimits: {
    cpu: { value: "10", why: "a script's CPU budget (all threads: JIT and GC count too); -r cpu=N for longer work" },
    fsize: { value: "64M", why: "bounds any file written, stdout redirected to a file included" },
    data: { value: "unlimited", why: "V8 maps its heap privately and writable; the address-space limit bounds it" },
    stack: { value: "8M", why: "the usual default; V8 limits its own JS stack (--stack-size, about 1 MB)" },
    core: { value: "0", why: "no core dumps (they would leak the script's memory)" },
    rss: { value: "inherit", why: "not enforced by Linux" },
    nproc: { value: "0", why: "replaced at launch by processAllowance (tasks the uid runs + allowance)" },
    nofile: {
      value: "256",
      why: "node's ESM loader reads all of a module's imports at once, one descriptor each: importing a module with 100 imports (test/cases/esm-many-files) needs 113-120 (EMFILE at 112, after the 21 node holds from startup); 256 is that peak doubled, and still stops a descriptor leak early",
    },
    memlock: { value: "0", why: "node does not lock memory" },
    as: {
      value: "2G",
      why: "measured: hello needs 717M of address space (V8's code range and heap reservations), a 20 MB JSON round trip 1.13G, one worker_thread 1.3G; 2G fits one worker and stops a memory bomb early",
    },
    locks: { value: "0", why: "no file locks (flock and fcntl locks are not allowed)" },
    sigpending: { value: "64", why: "node handles a few signals; few are ever queued" },
    msgqueue: { value: "0", why: "no POSIX message queues" },
    nice: { value: "0", why: "cannot raise priority" },
    rtprio: { value: "0", why: "no real-time scheduling" },
    rttime: { value: "0", why: "no real-time scheduling" },
  },
  processAllowance: {
    count: 32,
    why: "node runs up to 11 threads (main, 4 V8 platform workers, 4 libuv pool threads, signal and inspector helpers), measured; 32 leaves room for worker_threads or, with -x, a child",
  },
});
