// Differential tests against the kernel: random rule sets are compiled by
// @hsandbox/bpf, installed by a child process in itself (seccomp, the real
// kernel), which then makes chosen syscalls with chosen 64-bit arguments. What
// the kernel did (allowed / errno / killed by SIGSYS) must be what the bpf
// interpreter says the program returns, and what the rules mean (evaluate()).
//
// Harmless syscalls only, so that any argument is safe whatever the verdict:
// getppid, getuid, ... ignore their arguments (but the filter sees all six
// registers: that is where the 64-bit comparisons get exercised), umask and
// dup change only the child, getpgid/getsid/getpriority/sched_getscheduler
// only read. The filter allows everything else unconditionally so that
// Node's own syscalls on the main thread never meet a random verdict.
//
// Deterministic: fast-check with a fixed seed (H_DIFF_SEED to vary, H_DIFF_RUNS
// for more runs); a failure is shrunk to a minimal rule set and call list.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Action,
  type ArgPredicate,
  AUDIT_ARCH,
  compile,
  encode,
  evaluate,
  execute,
  type Rule,
  retAction,
  type SeccompData,
  syscallNames,
  syscallNumber,
} from "@hsandbox/bpf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bound, run } from "../../../tools/e2e/process.js";

const ARCH = "x86_64" as const;
const TESTED = [
  "getppid",
  "getuid",
  "getgid",
  "geteuid",
  "getegid",
  "getpgrp",
  "getpgid",
  "getsid",
  "umask",
  "dup",
  "getpriority",
  "sched_getscheduler",
  "sched_yield",
] as const;
/** Errno values no tested syscall returns by itself: a filter's answer is recognisable. */
const ERRNO_BASE = 1000;
const DEFAULT_ERRNO = 1234;
const RUNS = Number(process.env.H_DIFF_RUNS ?? 300);
const SEED = Number(process.env.H_DIFF_SEED ?? 20261128);

const VALUES: readonly bigint[] = [
  0n,
  1n,
  2n,
  3n,
  0x7fn,
  0x1ffn,
  0x8000_0000n,
  0xffff_ffffn,
  0x1_0000_0000n,
  0x1_0000_0001n,
  0xffff_ffff_0000_0000n,
  0xffff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n,
  0xdead_beefn,
  0x1234_5678_9abc_def0n,
];
const valueArb = fc.oneof(fc.constantFrom(...VALUES), fc.bigInt({ min: 0n, max: 8n }));
const maskArb = fc.oneof(valueArb, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
const argIndex = fc.constantFrom(0, 1, 2, 3, 4, 5) as fc.Arbitrary<0 | 1 | 2 | 3 | 4 | 5>;

const predicateArb: fc.Arbitrary<ArgPredicate> = fc.oneof(
  fc.record({ arg: argIndex, test: fc.record({ op: fc.constant("eq" as const), value: valueArb }) }),
  fc.record({ arg: argIndex, test: fc.record({ op: fc.constant("ne" as const), value: valueArb }) }),
  fc.record({
    arg: argIndex,
    test: fc.record({ op: fc.constant("oneOf" as const), values: fc.array(valueArb, { minLength: 1, maxLength: 4 }) }),
  }),
  fc.record({ arg: argIndex, test: fc.record({ op: fc.constant("flagsSubsetOf" as const), mask: maskArb }) }),
  fc.record({ arg: argIndex, test: fc.record({ op: fc.constant("hasNoneOf" as const), mask: maskArb }) }),
  fc
    .tuple(argIndex, maskArb, valueArb)
    .map(([arg, mask, v]) => ({ arg, test: { op: "maskedEq" as const, mask, value: v & mask } })),
);
// Kills are rarer than answers: a kill ends the child's batch.
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant({ kind: "allow" } as Action), weight: 3 },
  {
    arbitrary: fc.integer({ min: 0, max: 99 }).map((e) => ({ kind: "errno", errno: ERRNO_BASE + e }) as Action),
    weight: 3,
  },
  { arbitrary: fc.constant({ kind: "kill-process" } as Action), weight: 1 },
  { arbitrary: fc.constant({ kind: "log" } as Action), weight: 1 },
);
const ruleArb: fc.Arbitrary<Rule> = fc.record({
  syscall: fc.constantFrom(...TESTED),
  action: actionArb,
  when: fc.array(predicateArb, { maxLength: 3 }),
});
const defaultArb: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.constant<Action>({ kind: "kill-process" }), weight: 1 },
  { arbitrary: fc.constant<Action>({ kind: "errno", errno: DEFAULT_ERRNO }), weight: 2 },
  { arbitrary: fc.constant<Action>({ kind: "allow" }), weight: 2 },
);
interface Call {
  readonly syscall: (typeof TESTED)[number];
  readonly args: readonly bigint[];
}
const callArb: fc.Arbitrary<Call> = fc.record({
  syscall: fc.constantFrom(...TESTED),
  args: fc.array(valueArb, { minLength: 6, maxLength: 6 }),
});

/** Everything but the tested syscalls, allowed: the child's own runtime. */
const HARNESS: Rule[] = syscallNames(ARCH)
  .filter((n) => !(TESTED as readonly string[]).includes(n))
  .map((syscall) => ({ syscall, action: { kind: "allow" } }));

type Verdict = "allow" | `errno ${number}` | "kill";
function verdictOf(a: Action | { kind: "trace" }): Verdict {
  if (a.kind === "allow" || a.kind === "log") return "allow";
  if (a.kind === "errno") return `errno ${a.errno}`;
  return "kill";
}

let dir: string;
let childJs: string;
let children = 0;
let syscallsMade = 0;
let kills = 0;

beforeAll(async () => {
  // Node 20 cannot run TypeScript: bundle the child with the esbuild tsup uses.
  const req = createRequire(createRequire(import.meta.url).resolve("tsup"));
  const esbuild = req("esbuild") as {
    build(o: Record<string, unknown>): Promise<unknown>;
  };
  dir = mkdtempSync(join(tmpdir(), "h-diff-"));
  childJs = join(dir, "child.mjs");
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, "seccomp-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["koffi"],
    outfile: childJs,
    logLevel: "error",
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  console.log(`differential: ${children} children, ${syscallsMade} syscalls, ${kills} kills`);
});

interface ChildRun {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly status: number | null;
  readonly stderr: string;
}
async function runChild(program: Uint8Array, calls: readonly Call[]): Promise<ChildRun> {
  children++;
  const input = JSON.stringify({
    program: Buffer.from(program).toString("hex"),
    calls: calls.map((c) => ({ nr: syscallNumber(ARCH, c.syscall), args: c.args.map(String) })),
  });
  const r = await run([process.execPath, childJs], {
    input,
    timeoutMs: 30_000,
    env: { ...process.env, NODE_PATH: join(import.meta.dirname, "..", "node_modules") },
  });
  return { lines: r.stdout.split("\n").filter(Boolean), signal: r.signal, status: r.status, stderr: r.stderr };
}

function dataOf(c: Call): SeccompData {
  const a = c.args.map((v) => BigInt.asUintN(64, v));
  return {
    nr: syscallNumber(ARCH, c.syscall)!,
    arch: AUDIT_ARCH[ARCH],
    instructionPointer: 0n,
    args: [a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!],
  };
}

/** One property run: compile, predict, run in the kernel, compare. Returns the mismatches. */
async function differential(rules: readonly Rule[], dflt: Action, calls: readonly Call[]): Promise<string[]> {
  const all = [...rules, ...HARNESS];
  const program = compile(all, { arch: ARCH, defaultAction: dflt });
  const predicted = calls.map((c) => verdictOf(retAction(execute(program, dataOf(c)).ret)));
  const meant = calls.map((c) => verdictOf(evaluate(all, dflt, dataOf(c), ARCH)));
  const bad: string[] = [];
  predicted.forEach((p, i) => {
    if (p !== meant[i]) bad.push(`call ${i} ${calls[i]!.syscall}: interpreter says ${p}, rules mean ${meant[i]}`);
  });
  // A kill ends the child: run every call predicted to survive, then at most
  // one predicted kill, last.
  const order: number[] = predicted.flatMap((p, i) => (p === "kill" ? [] : [i]));
  const firstKill = predicted.indexOf("kill");
  if (firstKill >= 0) order.push(firstKill);
  const batch = order.map((i) => calls[i]!);
  const child = await runChild(encode(program), batch);
  if (child.lines[0] !== "installed")
    return [...bad, `child did not install the filter: ${child.status} ${child.stderr}`];
  const seen = new Map<number, string>();
  for (const l of child.lines.slice(1)) {
    const m = /^(\d+) (ok|err) (-?\d+)$/.exec(l);
    if (m) seen.set(Number(m[1]), `${m[2]} ${m[3]}`);
  }
  syscallsMade += seen.size + (child.signal === "SIGSYS" ? 1 : 0);
  batch.forEach((c, j) => {
    const i = order[j]!;
    const want = predicted[i]!;
    const got = seen.get(j);
    let observed: Verdict;
    if (got === undefined) observed = child.signal === "SIGSYS" && j === seen.size ? "kill" : (`missing` as Verdict);
    else if (got.startsWith("ok")) observed = "allow";
    else {
      const e = Number(got.slice(4));
      observed = e >= ERRNO_BASE ? `errno ${e}` : "allow"; // a small errno is the syscall's own answer
    }
    if (observed === "kill") kills++;
    if (observed !== want) {
      bad.push(
        `${c.syscall}(${c.args.map((a) => `0x${a.toString(16)}`).join(", ")}): kernel ${observed}, interpreter ${want}`,
      );
    }
  });
  if (firstKill < 0 && child.lines.at(-1) !== "end")
    bad.push(`child ended early: status ${child.status} signal ${child.signal}`);
  return bad;
}

describe("seccomp programs: bpf interpreter vs. the kernel", () => {
  it(
    `random rule sets (seed ${SEED}, ${RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(ruleArb, { minLength: 1, maxLength: 12 }),
          defaultArb,
          fc.array(callArb, { minLength: 20, maxLength: 120 }),
          async (rules, dflt, calls) => {
            const bad = await differential(rules, dflt, calls);
            expect(bad).toEqual([]);
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: false },
      );
    },
    bound(300_000),
  );

  it("arch and x32 checks: an x32 syscall number is killed, as the interpreter says", async () => {
    const program = compile(HARNESS, { arch: ARCH, defaultAction: { kind: "allow" } });
    const x32 = {
      nr: 0x4000_0000 | 39,
      arch: AUDIT_ARCH[ARCH],
      instructionPointer: 0n,
      args: [0n, 0n, 0n, 0n, 0n, 0n],
    } as const;
    expect(verdictOf(retAction(execute(program, x32).ret))).toBe("kill");
    const r = await run([process.execPath, childJs], {
      input: JSON.stringify({
        program: Buffer.from(encode(program)).toString("hex"),
        calls: [{ nr: 0x4000_0000 | 39, args: [] }],
      }),
      env: { ...process.env, NODE_PATH: join(import.meta.dirname, "..", "node_modules") },
    });
    expect(r.stdout).toContain("installed");
    expect(r.signal).toBe("SIGSYS");
  });
});
