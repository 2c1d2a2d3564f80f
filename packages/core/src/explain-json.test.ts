import { eq, errno, flagsSubsetOf, hasNoneOf, killProcess, maskedEq, ne, oneOf } from "@hsandbox/bpf";
import { kernelAbiFromVersion } from "@hsandbox/landlock";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./cli.js";
import { EXPLAIN_SCHEMA, ExplainJsonError, explainJson, policyFromJson } from "./explain-json.js";
import { buildPolicy, type Policy } from "./policy.js";
import { defineHost } from "./profile.js";

const roundTrip = (p: Policy) => policyFromJson(JSON.parse(JSON.stringify(explainJson(p))));

const rlimits = Object.fromEntries(
  [
    "cpu",
    "fsize",
    "data",
    "stack",
    "core",
    "rss",
    "nproc",
    "nofile",
    "memlock",
    "as",
    "locks",
    "sigpending",
    "msgqueue",
    "nice",
    "rtprio",
    "rttime",
  ].map((n) => [n, { value: n === "rss" ? "inherit" : "1M", why: `why ${n}` }]),
) as never;

const profile = defineHost({
  name: "htest",
  version: "0.0.1",
  summary: "test host",
  interpreter: { candidates: ["bash"], accept: /^bash$/, versionArgs: ["--version"], display: "bash", installHint: "" },
  argv: (ctx) => [ctx.interpreter, ctx.script, ...ctx.args],
  promises: ["stdio", "rpath", "thread"],
  rules: [
    { syscall: "socket", action: errno(13), when: [eq(0, 1)], why: "nscd" },
    { syscall: "mmap", action: errno(1), when: [maskedEq(2, 4, 4), flagsSubsetOf(3, 0xffff_ffff_0000_0000n)] },
    { syscall: "kill", action: errno(1), when: [ne(0, 1), oneOf(1, [1, 2, 0xffff_ffff_ffff_ffffn]), hasNoneOf(2, 8)] },
  ],
  rlimits,
  processAllowance: { count: 4, why: "threads" },
});

function realPolicy(args: string[]): Policy {
  return buildPolicy({
    profile,
    cli: parseCommandLine([...args, new URL(import.meta.url).pathname, "a", "0x10"]),
    packageDir: "/nonexistent",
    landlockAbi: kernelAbiFromVersion(6),
    uid: 0,
    euid: 0,
    environ: { TMPDIR: "/tmp", value: "0x10" },
  });
}

describe("--explain=json", () => {
  it("round-trips a real policy: policy → JSON → parse → equal", () => {
    const p = realPolicy(["-t", "--env", "value", "--env", "X=0x20", "-r", "cpu=7", "--allow-read", "/etc"]);
    expect(p.env.value).toBe("0x10");
    const back = roundTrip(p);
    expect(back).toEqual(p);
    expect(back.env.value).toBe("0x10"); // not mistaken for a number
    expect(typeof back.landlock.handledFs).toBe("bigint");
    // and again: JSON → parse → JSON is stable
    expect(explainJson(back)).toEqual(explainJson(p));
  });

  it("round-trips every action and argument test, errno mode and best effort", () => {
    const p = realPolicy(["--on-violation", "errno", "--best-effort", "-R"]);
    const q: Policy = { ...p, seccomp: { ...p.seccomp, defaultAction: killProcess } };
    expect(roundTrip(q)).toEqual(q);
    expect(roundTrip(p).seccomp.defaultAction).toEqual(errno(1));
    expect(roundTrip(p).rlimits.cpu.value).toEqual({ kind: "inherit" });
  });

  it("carries a readable summary next to the exact policy", () => {
    const j = explainJson(realPolicy([])) as { schema: string; summary: Record<string, unknown> };
    expect(j.schema).toBe(EXPLAIN_SCHEMA);
    const s = j.summary as { files: { rules: { reasons: string[] }[] }; rlimits: Record<string, { source: string }> };
    expect(s.files.rules.some((r) => r.reasons.includes("interpreter"))).toBe(true);
    expect(s.rlimits.fsize!.source).toBe("default: why fsize");
  });

  it("names the first wrong field", () => {
    const j = JSON.parse(JSON.stringify(explainJson(realPolicy([])))) as { policy: Record<string, unknown> };
    expect(() => policyFromJson({ ...j, schema: "x" })).toThrow(ExplainJsonError);
    const bad = structuredClone(j) as { policy: { landlock: { handledFs: unknown } } };
    bad.policy.landlock.handledFs = 12;
    expect(() => policyFromJson(bad)).toThrow(/policy\.landlock\.handledFs: expected a "0x…" number/);
    const bad2 = structuredClone(j) as { policy: { seccomp: { promises: string[] } } };
    bad2.policy.seccomp.promises.push("everything");
    expect(() => policyFromJson(bad2)).toThrow(/promises\[\d+\]: expected a promise name/);
  });
});
