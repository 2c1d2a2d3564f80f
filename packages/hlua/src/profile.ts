// hlua: Lua 5.4 under h. Mostly data: which interpreter, which promises,
// which limits and why.
import { join } from "node:path";
import { defineHost, type LaunchContext } from "@hsandbox/core";
import pkg from "../package.json" with { type: "json" };
import { HLUA_RULES } from "./allowlist.js";
import { HOT_SYSCALLS } from "./hot-syscalls.js";
import { memoryLimitArg } from "./memory-limit.js";
import { REPL_RULES } from "./repl-rules.js";

const boot = (ctx: LaunchContext) => join(ctx.packageDir, "boot", "boot.lua");

export default defineHost({
  name: "hlua",
  version: pkg.version,
  summary:
    "Run a Lua 5.4 script confined: it reads only itself (and what flags grant), cannot write, run programs or use the network.",
  interpreter: {
    candidates: ["lua5.4", "lua"],
    accept: /^lua5\.4$/,
    versionArgs: ["-v"],
    versionPattern: /^Lua 5\.4\./m,
    display: "Lua 5.4",
    installHint: "apt-get install lua5.4",
  },
  // -E: ignore LUA_INIT and LUA_PATH (the environment is empty anyway). The
  // boot's first argument is the memory limit that binds ("as=256M"), named
  // if the script runs out of memory.
  argv: (ctx) => [ctx.interpreter, "-E", boot(ctx), memoryLimitArg(ctx.rlimits), ctx.script, ...ctx.args],
  grants: (ctx) => [
    { path: boot(ctx), rights: ["read"], reason: "hlua's boot script" },
    // What a script opens to discard output (io.open("/dev/null", "w")) or to
    // read nothing: harmless, and denying it broke ordinary scripts.
    { path: "/dev/null", rights: ["read", "write"], reason: "discarding output and reading nothing is harmless" },
  ],
  // No script: `lua5.4 -i` runs the boot (refusals in place), then lua's own
  // prompt with readline (core adds the terminal's grants and ioctls); lua.c
  // keeps its history in memory only, so --history is refused. Piped stdin:
  // the boot loads the program from stdin, as `lua5.4 -` does. REPL_RULES
  // let readline hand Ctrl-C back to lua5.4 at the prompt.
  repl: {
    argv: (ctx) =>
      ctx.session === "repl"
        ? [ctx.interpreter, "-E", "-i", boot(ctx), "--repl"]
        : [ctx.interpreter, "-E", boot(ctx), memoryLimitArg(ctx.rlimits), "-", ...ctx.args],
    rules: REPL_RULES,
  },
  // No promise groups: the policy is HLUA_RULES (./allowlist.ts), the
  // syscalls lua5.4 was measured making under strace, each with the workload
  // that needed it. Landlock decides which files io.open, os.remove and
  // os.rename reach (EACCES outside the grants).
  promises: [],
  rules: HLUA_RULES,
  hotSyscalls: HOT_SYSCALLS,
  rlimits: {
    cpu: { value: "5", why: "a script's CPU budget; -r cpu=N for longer work" },
    fsize: { value: "64M", why: "bounds any file written, stdout redirected to a file included" },
    data: { value: "256M", why: "bounds the heap; see as" },
    stack: { value: "8M", why: "the usual default; Lua's C stack depth is bounded by LUAI_MAXCCALLS" },
    core: { value: "0", why: "no core dumps (they would leak the script's memory)" },
    rss: { value: "inherit", why: "not enforced by Linux" },
    nproc: { value: "0", why: "Lua here cannot create processes or threads" },
    nofile: { value: "32", why: "stdio + the script + files it opens under grants" },
    memlock: { value: "0", why: "not needed" },
    as: { value: "256M", why: "measured VmPeak: 4M for hello, 74M for a table of 10^6 strings; 256M is ~3x that" },
    locks: { value: "0", why: "not needed" },
    sigpending: { value: "16", why: "few signals are ever queued" },
    msgqueue: { value: "0", why: "no POSIX message queues" },
    nice: { value: "0", why: "cannot raise priority" },
    rtprio: { value: "0", why: "no real-time scheduling" },
    rttime: { value: "0", why: "no real-time scheduling" },
  },
});
