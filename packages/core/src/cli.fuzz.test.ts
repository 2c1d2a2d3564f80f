// Fuzzing the shared command line: any argv is parsed or refused with a
// UsageError (one line for a person), never another exception, never a hang.
// Fixed seed, bounded runs (H_FUZZ_RUNS, H_FUZZ_SEED; see docs/fuzzing.md).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./cli.js";
import { UsageError } from "./errors.js";
import type { HostOptionSpec } from "./profile.js";

const SEED = Number(process.env.H_FUZZ_SEED ?? 7);
const RUNS = Number(process.env.H_FUZZ_RUNS ?? 5000);
const LIMIT_MS = Number(process.env.H_FUZZ_MS ?? 15_000);

const WORDS = [
  "-s",
  "-t",
  "-l",
  "-x",
  "-r",
  "-R",
  "-h",
  "-v",
  "-st",
  "-str",
  "-rcpu=1",
  "-r",
  "cpu=1",
  "as=256M",
  "nofile=-1",
  "cpu=",
  "=1",
  "bogus=1",
  "as=1T",
  "as=99999999999999999999G",
  "--allow-read",
  "--allow-write",
  "--allow-read=",
  "--allow-read=/tmp",
  "--env",
  "--env=A",
  "--env=1A",
  "A=b",
  "--explain",
  "--explain=json",
  "--explain=text",
  "--explain=yaml",
  "--dry-run",
  "--on-violation",
  "--on-violation=errno",
  "errno",
  "kill",
  "trap",
  "--interpreter",
  "--interpreter=",
  "--best-effort",
  "--as-root",
  "--help",
  "--version",
  "--site",
  "--no-site",
  "--site=1",
  "--",
  "-",
  "---",
  "-\u0000",
  "--\u0000",
  "script.lua",
  "a b",
  "",
  "-=",
  "--=",
  "-r=",
  "--rlimit",
  "--rlimit=cpu=1",
  "--unknown",
  "-Z",
  "-sZ",
  "é",
  "--é",
];
const HOST_OPTIONS: Record<string, HostOptionSpec> = {
  site: { type: "boolean", help: "host option" },
  mode: { type: "string", help: "VALUE  host option with a value" },
};

function onlyUsageError(argv: string[], host: Record<string, HostOptionSpec>): void {
  const t0 = performance.now();
  try {
    const r = parseCommandLine(argv, host);
    expect(Array.isArray(r.args)).toBe(true);
  } catch (e) {
    if (!(e instanceof UsageError)) throw new Error(`argv ${JSON.stringify(argv)} threw ${String(e)}`);
    expect((e as Error).message).not.toContain("\n");
  }
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe("fuzz: parseCommandLine", () => {
  for (const [name, host] of [
    ["shared options", {}],
    ["with host options", HOST_OPTIONS],
  ] as const) {
    it(`${name}: words from the option vocabulary`, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }), (argv) => onlyUsageError(argv, host)),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS },
      );
    });
    it(`${name}: arbitrary strings`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 20 })), { maxLength: 10 }),
          (argv) => onlyUsageError(argv, host),
        ),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: LIMIT_MS },
      );
    });
  }
});
