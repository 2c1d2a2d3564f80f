// The planners, one table each: facts in, plan out. No kernel, no
// interpreter, no file is looked at (test-fixtures/facts.ts is the machine).
import { errno, killProcess } from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../cli.js";
import { HostError, UsageError } from "../errors.js";
import { defineHost, type HostProfile } from "../profile.js";
import { planRlimits } from "../rlimits.js";
import { facts, SCRIPT } from "../test-fixtures/facts.js";
import hawk from "../test-fixtures/hawk/profile.js";
import { planEnv } from "./env.js";
import { grantsToRules, planGrants, userGrants } from "./grants.js";
import { planIdentity, realUidOf, UNPRIVILEGED_UID } from "./identity.js";
import { plan } from "./index.js";
import { needsTaskCount, planNproc, REPORTER_TASKS, startsProcesses, withNproc } from "./nproc.js";
import { defaultActionOf, launcherRules, planSeccomp } from "./seccomp.js";
import { checkSessionFlags, historyGrant, planSession, sessionKind } from "./session.js";

const opts = (argv: string[]) => parseCommandLine([...argv, "prog.awk"]).options;
const forks: HostProfile = defineHost({
  ...hawk,
  name: "hawk-forks",
  promises: ["stdio", "rpath", "proc"],
  execPromises: ["exec"],
  processAllowance: { count: 8, why: "pipes" },
});
const threads: HostProfile = defineHost({ ...hawk, name: "hawk-threads", processAllowance: { count: 4, why: "t" } });

describe("grants planner", () => {
  it.each([
    [[], []],
    [["-s"], ["/home/u -s: script directory read"]],
    [["-x"], ["/home/u -x: script directory read,exec"]],
    [["-t"], ["/tmp -t: temp dir read,write"]],
    [["-l"], ["/etc/localtime -l: local time zone read"]],
    [
      ["--allow-read", "/etc", "--allow-write", "/var/tmp"],
      ["/etc --allow-read read", "/var/tmp --allow-write read,write"],
    ],
  ])("user grants for %j", (argv, want) => {
    const tmp = argv.includes("-t") ? "/tmp" : undefined;
    const got = userGrants(opts(argv), SCRIPT, tmp, undefined).map((g) => `${g.path} ${g.reason} ${g.rights}`);
    expect(got).toEqual(want);
  });

  it("orders interpreter, loader, libraries, ld.so.cache, host, script, terminal, user", () => {
    const f = facts();
    const g = planGrants({
      interpreter: f.interpreter,
      closure: f.closure,
      host: [{ path: "/pkg/lib/hawk.awk", rights: ["read"], reason: "host" }],
      script: SCRIPT,
      terminal: f.terminalGrants,
      user: [{ path: "/tmp", rights: ["read", "write"], reason: "-t: temp dir" }],
    });
    expect(g.map((x) => x.reason)).toEqual([
      "interpreter",
      "dynamic loader",
      "library libc.so.6",
      "the loader's library index",
      "host",
      "script",
      "terminal: the terminfo entry for TERM=xterm",
      "terminal: readline's key bindings (INPUTRC)",
      "-t: temp dir",
    ]);
  });

  it.each([
    ["a file", { path: "/home/u/prog.awk", rights: ["read"], reason: "r" }, "file"],
    ["a directory", { path: "/home/u", rights: ["read"], reason: "r" }, "dir"],
    ["a missing optional path (dropped)", { path: "/nope", rights: ["read"], reason: "r", optional: true }, undefined],
  ] as const)("turns %s into a rule request", (_n, grant, kind) => {
    const rules = grantsToRules([grant], facts().pathKinds);
    expect(rules.map((r) => r.kind)).toEqual(kind ? [kind] : []);
  });

  it("refuses a missing required path", () =>
    expect(() => grantsToRules([{ path: "/nope", rights: ["read"], reason: "r" }], {})).toThrow(
      /cannot grant \/nope \(r\)/,
    ));
});

describe("seccomp planner", () => {
  it.each([
    [hawk, [], ["stdio", "rpath"], "pinned", "kill-process"],
    [hawk, ["--on-violation", "errno"], ["stdio", "rpath"], "pinned", "errno"],
    [forks, ["-x"], ["stdio", "rpath", "proc", "exec"], "any", "kill-process"],
    [{ ...hawk, exec: "landlock" as const }, [], ["stdio", "rpath"], "any", "kill-process"],
  ])("%#: promises, exec and default action", (profile, argv, promises, exec, otherwise) => {
    const s = planSeccomp(profile, opts(argv), []);
    expect(s.promises).toEqual(promises);
    expect(s.exec).toBe(exec);
    expect(s.defaultAction.kind).toBe(otherwise);
  });

  it("puts a session's rules before the host's", () => {
    const s = planSeccomp(hawk, opts([]), [{ syscall: "chown", action: errno(1) }]);
    expect(s.rules.map((r) => r.syscall)).toEqual(["chown", "getrandom"]);
  });

  it("pins the launcher's execve, or leaves it to Landlock", () => {
    expect(launcherRules("pinned", 0x1000n)[0]!.when).toHaveLength(1);
    expect(launcherRules("any", 0x1000n)[0]!.when).toBeUndefined();
    expect(defaultActionOf(opts([]))).toEqual(killProcess);
  });
});

describe("identity planner", () => {
  const complete = { enforced: true, dropped: [] };
  const weaker = { enforced: true, dropped: [{ effect: "weaker" as const, message: "" }] } as never;
  it.each([
    ["a user", 1000, 1000, [], complete, {}],
    ["root", 0, 0, [], complete, { moveRealUidTo: UNPRIVILEGED_UID }],
    ["setuid root (effective uid 0 counts as root)", 1000, 0, [], complete, { moveRealUidTo: UNPRIVILEGED_UID }],
    ["root, --as-root", 0, 0, ["--as-root"], complete, {}],
    ["root, weaker Landlock", 0, 0, [], weaker, { moveRealUidTo: UNPRIVILEGED_UID, dropAll: true }],
  ])("%s", (_n, uid, euid, argv, landlock, want) => {
    const { warnings, ...rest } = planIdentity({ uid, euid }, opts(argv), landlock, false);
    expect(rest).toEqual(want);
    expect(warnings.length).toBe("dropAll" in want ? 1 : 0);
  });

  it("warns that --as-root leaves processes unbounded", () => {
    expect(planIdentity({ uid: 0, euid: 0 }, opts(["--as-root"]), complete, true).warnings[0]).toMatch(/RLIMIT_NPROC/);
    expect(realUidOf(0, 0, opts([]))).toBe(UNPRIVILEGED_UID);
  });
});

describe("nproc planner", () => {
  it.each([
    ["no allowance: the profile's default stays", hawk, [], undefined, undefined],
    ["threads only: inherited", threads, [], "inherit", undefined],
    ["processes: running + allowance", forks, [], "set 15", 7],
    ["-r nproc=3: the user's", forks, ["-r", "nproc=3"], undefined, undefined],
    ["-R: the user's", forks, ["-R"], undefined, undefined],
  ])("%s", (_n, profile, argv, want, running) => {
    const o = opts(argv);
    const forks = startsProcesses(profile.promises, profile.rules ?? []);
    expect(needsTaskCount(profile.processAllowance, o, forks)).toBe(running !== undefined);
    const { limit, nproc } = planNproc(profile.processAllowance, o, forks, 1000, running);
    const v = limit?.value;
    expect(v === undefined ? undefined : v.kind === "set" ? `set ${v.value}` : v.kind).toBe(want);
    expect(nproc?.running).toBe(running);
  });

  it("never mutates the rlimit plan", () => {
    const r = planRlimits(hawk.rlimits, [], false);
    const before = structuredClone(r);
    const after = withNproc(r, { value: { kind: "inherit" }, source: "x" });
    expect(r).toEqual(before);
    expect(after.nproc.source).toBe("x");
  });
});

describe("env planner", () => {
  it.each([
    [{}, [], undefined, {}, {}],
    [{ A: "1" }, ["--env", "B=2"], "/tmp", {}, { A: "1", TMPDIR: "/tmp", B: "2" }],
    [{}, ["--env", "HOME", "--env", "GONE"], undefined, {}, { HOME: "/home/u" }],
    [{}, ["--env", "TERM=dumb"], undefined, { TERM: "xterm", LINES: "9" }, { TERM: "dumb", LINES: "9" }],
  ])("%#", (host, argv, tmp, session, want) => {
    expect(planEnv(host, opts(argv), tmp, facts().environ, session)).toEqual(want);
  });
});

describe("session planner", () => {
  const cl = (argv: string[]) => parseCommandLine(argv);
  it.each([
    [["p.awk"], false, "script"],
    [[], true, "repl"],
    [[], false, "stdin"],
    [["-"], true, "stdin"],
    [["-i"], false, "repl"],
  ])("%j (tty %s) is a %s session", (argv, tty, kind) => expect(sessionKind(cl(argv), tty)).toBe(kind));

  it.each([
    [hawk, ["-i", "--history", "h"], "repl", /keeps its history in memory only/],
    [hawk, ["-s"], "repl", /-s needs a script/],
    [{ ...hawk, repl: undefined }, [], "stdin", /no script given/],
    [{ ...hawk, repl: { ...hawk.repl!, history: true } }, ["--history", "h"], "stdin", /for interactive sessions/],
    [hawk, ["-x", "p.awk"], "script", /-x is not supported by hawk/],
  ] as const)("%#: refuses %j", (profile, argv, kind, msg) =>
    expect(() => checkSessionFlags(profile as HostProfile, cl([...argv]), kind)).toThrow(msg));

  it("adds the terminal's rules, grants and variables to a prompt only", () => {
    const f = facts();
    const base = { terminalGrants: f.terminalGrants, inputrc: true, environ: f.environ };
    expect(planSession({ ...base, kind: "script" }, hawk, killProcess, {}).rules).toEqual([]);
    const stdin = planSession({ ...base, kind: "stdin" }, hawk, killProcess, {});
    expect(stdin).toMatchObject({ grants: [], env: {}, session: { kind: "stdin" } });
    const repl = planSession({ ...base, kind: "repl", history: "/h" }, hawk, killProcess, { X: "1" });
    expect(repl.rules.at(-1)!.syscall).toBe("chown"); // --history's, after the terminal's
    expect(repl.env).toEqual({ TERM: "xterm", INPUTRC: "/etc/inputrc", X: "1" });
    expect(repl.session?.terminal?.rules[0]?.action).toEqual(killProcess);
    expect(historyGrant("/h", false).optional).toBe(true);
  });
});

describe("plan", () => {
  it("is a function of facts, command line and profile", () => {
    const cli = parseCommandLine(["-t", "prog.awk", "x"]);
    const a = plan(facts({ tmpDir: "/tmp" }), cli, hawk);
    expect(plan(facts({ tmpDir: "/tmp" }), cli, hawk)).toEqual(a);
    expect(a.argv).toEqual(["/usr/bin/gawk", "-f", SCRIPT.path, "--", "x"]);
    expect(a.env).toEqual({ LC_ALL: "C", TMPDIR: "/tmp" });
    expect(a.landlock.pathRules.map((r) => r.path)).toContain("/pkg/lib/hawk.awk");
  });

  it("counts tasks only when discover said so, plus the reporting process's when it shares the uid", () => {
    const p = plan(facts({ tasksOfUser: 5 }), parseCommandLine(["--no-report", "prog.awk"]), forks);
    expect(p.nproc).toEqual({ running: 5, allowance: 8, why: "pipes" });
    expect(p.rlimits.nproc.value).toEqual({ kind: "set", value: 13n });
    const r = plan(facts({ tasksOfUser: 5 }), parseCommandLine(["prog.awk"]), forks);
    expect(r.nproc).toEqual({ running: 5, reporter: REPORTER_TASKS, allowance: 8, why: "pipes" });
    expect(r.rlimits.nproc.value).toEqual({ kind: "set", value: BigInt(13 + REPORTER_TASKS) });
    const traced = plan(facts({ tasksOfUser: 5 }), parseCommandLine(["--learn", "prog.awk"]), forks);
    expect(traced.rlimits.nproc.value).toEqual({ kind: "set", value: 13n });
  });

  it("names what the kernel cannot enforce", () =>
    expect(() => plan(facts({ landlockAbi: 0 as never }), parseCommandLine(["prog.awk"]), hawk)).toThrow(HostError));

  it("refuses a grant on a missing path", () =>
    expect(() => plan(facts({ pathKinds: {} }), parseCommandLine(["prog.awk"]), hawk)).toThrow(UsageError));
});

describe("startsProcesses (which RLIMIT_NPROC plan applies)", () => {
  const CLONE_THREAD = 0x10000n;
  it("is true for the proc promise, or rules allowing fork, vfork, or clone with fork's flags", () => {
    expect(startsProcesses(["proc"], [])).toBe(true);
    expect(startsProcesses([], [{ syscall: "vfork", action: { kind: "allow" } }])).toBe(true);
    expect(startsProcesses([], [{ syscall: "clone", action: { kind: "allow" } }])).toBe(true);
    expect(
      startsProcesses(
        [],
        [
          {
            syscall: "clone",
            action: { kind: "allow" },
            when: [{ arg: 0, test: { op: "flagsSubsetOf", mask: 0x1ffffffn } }],
          },
        ],
      ),
    ).toBe(true);
  });
  it("is false for threads only, errno answers, or no clone at all", () => {
    expect(startsProcesses(["stdio", "thread"], [])).toBe(false);
    expect(
      startsProcesses(
        [],
        [
          {
            syscall: "clone",
            action: { kind: "allow" },
            when: [{ arg: 0, test: { op: "maskedEq", mask: CLONE_THREAD, value: CLONE_THREAD } }],
          },
          { syscall: "fork", action: { kind: "errno", errno: 1 } },
        ],
      ),
    ).toBe(false);
  });
});
