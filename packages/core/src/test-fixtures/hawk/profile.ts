// A test-only host: awk under h. Nothing outside this folder knows it; the
// unit test beside it runs it through the shared CLI, planner and --explain.
import { defineHost } from "../../profile.js";

const none = (why: string) => ({ value: "0", why });

export default defineHost({
  name: "hawk",
  version: "0.0.0-test",
  summary: "Run an awk program confined: it reads only itself and what flags grant.",
  interpreter: {
    candidates: ["gawk", "mawk", "awk"],
    accept: /^(g|m)?awk$/,
    versionArgs: ["--version"],
    display: "awk",
    installHint: "apt-get install gawk",
  },
  argv: (ctx) => [ctx.interpreter, "-f", ctx.script, "--", ...ctx.args],
  env: () => ({ LC_ALL: "C" }),
  grants: (ctx) => [{ path: `${ctx.packageDir}/lib/hawk.awk`, rights: ["read"], reason: "hawk's library" }],
  promises: ["stdio", "rpath"],
  hotSyscalls: ["read", "write", "brk"],
  rules: [{ syscall: "getrandom", action: { kind: "errno", errno: 38 }, why: "srand() seeds from the clock instead" }],
  repl: {
    argv: (ctx) => [ctx.interpreter, "-f", "/dev/stdin", "--", ...ctx.args],
  },
  rlimits: {
    cpu: { value: "5", why: "a program's CPU budget" },
    fsize: none("writes nothing"),
    data: { value: "64M", why: "records and arrays" },
    stack: { value: "8M", why: "the usual default" },
    core: none("no core dumps"),
    rss: { value: "inherit", why: "not enforced by Linux" },
    nproc: none("no processes"),
    nofile: { value: "16", why: "stdio and input files" },
    memlock: none("not needed"),
    as: { value: "128M", why: "awk is small" },
    locks: none("not needed"),
    sigpending: { value: "8", why: "few signals" },
    msgqueue: none("not needed"),
    nice: none("cannot raise priority"),
    rtprio: none("no real-time scheduling"),
    rttime: none("no real-time scheduling"),
  },
});
