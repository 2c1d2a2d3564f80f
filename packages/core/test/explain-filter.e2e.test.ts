// The filter in plain sight, checked from outside: each host's
// `--explain=json` carries the compiled program (hex) and a per-syscall table.
// Here the hex goes through the built `bpfc -d` (and must read back to the
// same bytes and print what `--explain=bpf` prints), and every syscall of the
// arch goes through the bpf interpreter, which must give the table's answer.
// Needs `pnpm build` first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Action,
  type Arch,
  type ArgPredicate,
  AUDIT_ARCH,
  assemble,
  decode,
  retAction,
  run as runFilter,
  type SeccompData,
  syscallNames,
  syscallNumber,
  testArg,
  validate,
} from "@hsandbox/bpf";
import { afterAll, describe, expect, it } from "vitest";
import { runOk } from "../../../tools/e2e/process.js";
import { forEveryHost } from "../../../tools/workspace.mjs";

const REPO = join(import.meta.dirname, "..", "..", "..");
const BPFC = join(REPO, "packages", "bpf", "dist", "cli", "bpfc.js");
const HOSTS = forEveryHost("explain-filter.e2e.test.ts's script extensions", {
  hlua: "lua",
  hsh: "sh",
  hpython: "py",
  hnode: "js",
} as const);

const dir = mkdtempSync(join(tmpdir(), "h-explain-filter-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type J = { kind: string; errno?: number };
interface JsonPredicate {
  arg: number;
  test: { op: string; value?: string; values?: string[]; mask?: string };
}
interface JsonVerdict {
  syscall: string;
  nr: number;
  verdict: "allow" | "answer" | "conditional";
  action?: J;
  rules?: { when: JsonPredicate[]; action: J }[];
  otherwise?: J;
  text: string;
}
interface JsonFilter {
  arch: Arch;
  instructions: number;
  hex: string;
  pinned: { at: number; what: string }[];
  syscalls: JsonVerdict[];
  otherwise: J;
}

const big = (s: string | undefined) => BigInt(s ?? "0x0");
function predicate(p: JsonPredicate): ArgPredicate {
  const t = p.test;
  const test: ArgPredicate["test"] =
    t.op === "oneOf"
      ? { op: "oneOf" as const, values: (t.values ?? []).map(big) }
      : t.op === "maskedEq"
        ? { op: "maskedEq" as const, mask: big(t.mask), value: big(t.value) }
        : t.op === "flagsSubsetOf" || t.op === "hasNoneOf"
          ? { op: t.op as "flagsSubsetOf" | "hasNoneOf", mask: big(t.mask) }
          : { op: t.op as "eq" | "ne", value: big(t.value) };
  return { arg: p.arg as ArgPredicate["arg"], test };
}

/** Arguments that satisfy every check of one rule (or zeros where a check needs nothing). */
function satisfying(when: readonly ArgPredicate[]): bigint[] {
  const args = [0n, 0n, 0n, 0n, 0n, 0n];
  for (const { arg, test } of when) {
    if (test.op === "eq" || test.op === "maskedEq") args[arg] = test.value;
    else if (test.op === "oneOf") args[arg] = test.values[0] ?? 0n;
    else if (test.op === "ne") args[arg] = BigInt.asUintN(64, test.value + 1n);
  }
  return args;
}

function expected(v: JsonVerdict | undefined, otherwise: J, args: readonly bigint[]): J {
  if (v === undefined) return otherwise;
  if (v.verdict === "allow") return { kind: "allow" };
  if (v.verdict === "answer") return v.action!;
  for (const r of v.rules!) {
    if (r.when.map(predicate).every((p) => testArg(p.test, args[p.arg]!))) return r.action;
  }
  return v.otherwise!;
}

const data = (arch: Arch, nr: number, args: readonly bigint[]): SeccompData => ({
  nr,
  arch: AUDIT_ARCH[arch],
  instructionPointer: 0n,
  args: args as SeccompData["args"],
});
const norm = (a: Action | J): J => (a.kind === "errno" ? { kind: "errno", errno: (a as J).errno! } : { kind: a.kind });

/** The instruction lines of a disassembly, with the pid-pinned ones blanked (each process has its own pid). */
function instructionLines(text: string, pinnedPid: ReadonlySet<number>): string[] {
  const lines = text.split("\n").filter((l) => !l.startsWith(";") && l !== "");
  let pc = 0;
  return lines.map((l) => (l.startsWith("  ") && pinnedPid.has(pc++) ? l.replace(/#\S+,/, "#PID,") : l));
}

describe.each(Object.entries(HOSTS))("%s --explain=json's filter", (host, ext) => {
  const bin = join(REPO, "packages", host, "dist", "bin.js");
  const script = join(dir, `hello.${ext}`);
  writeFileSync(script, "\n");

  it("disassembles with bpfc -d as --explain=bpf prints it, and reads back to the same bytes", async () => {
    const doc = JSON.parse(await runOk([process.execPath, bin, "--explain=json", script]));
    const f = doc.filter as JsonFilter;
    expect(f.hex.length).toBe(16 * f.instructions);
    // execve's pointer is pinned unless the host leaves execve to Landlock (hsh)
    const pinned = f.pinned.filter((w) => w.what.startsWith("exec-path")).length;
    expect(pinned).toBe(doc.policy.seccomp.exec === "pinned" ? 2 : 0);
    const text = await runOk([process.execPath, BPFC, "-d", "-x", "-a", f.arch], { input: f.hex });
    const program = decode(new Uint8Array(Buffer.from(f.hex, "hex")));
    expect(assemble(text, { arch: f.arch })).toEqual(program);
    const bpf = await runOk([process.execPath, bin, "--explain=bpf", script]);
    expect(bpf.startsWith(`; ${host} `)).toBe(true);
    const pid = new Set(f.pinned.filter((w) => w.what === "self-pid").map((w) => w.at));
    expect(instructionLines(bpf, pid)).toEqual(instructionLines(text, pid));
    // and the host's text assembles too (its comment lines are assembler comments)
    expect(assemble(bpf, { arch: f.arch }).length).toBe(f.instructions);
  });

  it("decides every syscall as its per-syscall table says (bpf interpreter, and bpfc -r on a sample)", async () => {
    const f = JSON.parse(await runOk([process.execPath, bin, "--explain=json", script])).filter as JsonFilter;
    const program = decode(new Uint8Array(Buffer.from(f.hex, "hex")));
    expect(validate(program)).toEqual({ ok: true });
    const table = new Map(f.syscalls.map((v) => [v.syscall, v]));
    for (const v of f.syscalls) expect(syscallNumber(f.arch, v.syscall)).toBe(v.nr);
    expect(f.syscalls.some((v) => v.verdict === "conditional")).toBe(true);
    expect(f.syscalls.some((v) => v.verdict === "answer")).toBe(true);
    let checked = 0;
    for (const name of syscallNames(f.arch)) {
      const v = table.get(name);
      const nr = syscallNumber(f.arch, name)!;
      const cases = [[0n, 0n, 0n, 0n, 0n, 0n], ...(v?.rules ?? []).map((r) => satisfying(r.when.map(predicate)))];
      for (const args of cases) {
        const got = norm(retAction(runFilter(program, data(f.arch, nr, args))) as Action);
        expect({ name, args: args.map(String), got }).toEqual({
          name,
          args: args.map(String),
          got: norm(expected(v, f.otherwise, args)),
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);

    // The bin's run mode agrees on one syscall of each kind.
    const sample = ["allow", "answer", "conditional"].map((k) => f.syscalls.find((v) => v.verdict === k)!);
    for (const v of sample) {
      const out = await runOk([process.execPath, BPFC, "-x", "-a", f.arch, "-r", `${v.syscall}(0, 0, 0)`], {
        input: f.hex,
      });
      const want = norm(expected(v, f.otherwise, [0n, 0n, 0n, 0n, 0n, 0n]));
      expect(out).toMatch(new RegExp(`^verdict: ${want.kind}`, "m"));
    }
  });
});
