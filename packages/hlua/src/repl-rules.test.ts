// hlua's filter for a session without a script, run through the BPF
// interpreter: kill reaches only this process's own pid; a script run has no
// such rule.
import { compile, killProcess, verdict } from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { HLUA_RULES } from "./allowlist.js";
import profile from "./profile.js";
import { REPL_RULES } from "./repl-rules.js";

const SIGINT = 2;

function verdictOf(rules: Parameters<typeof compile>[0]) {
  const program = compile(rules, { arch: "x86_64", defaultAction: killProcess });
  return (name: string, ...args: (number | bigint)[]): string => verdict(program, "x86_64", name, ...args);
}

describe("hlua: kill in a session without a script", () => {
  const session = verdictOf([...(profile.repl?.rules ?? []), ...HLUA_RULES]);
  it("lets readline signal its own process (the launcher's pid, kept by execve)", () => {
    expect(profile.repl?.rules).toBe(REPL_RULES);
    expect(session("kill", process.pid, SIGINT)).toBe("allow");
  });
  it("refuses any other pid, the process group, every process, and a pid hidden in the high word", () => {
    expect(session("kill", process.pid + 1, SIGINT)).toBe("errno 1");
    expect(session("kill", 1, SIGINT)).toBe("errno 1");
    expect(session("kill", 0, SIGINT)).toBe("errno 1");
    expect(session("kill", -1, SIGINT)).toBe("errno 1");
    expect(session("kill", (1n << 32n) | BigInt(process.pid), SIGINT)).toBe("errno 1");
  });
  it("sends no thread-directed signals (nothing measured needed tgkill)", () => {
    expect(session("tgkill", process.pid, process.pid, SIGINT)).toBe("kill-process");
  });
  it("a script run keeps kill refused for every pid", () => {
    const script = verdictOf(HLUA_RULES);
    expect(script("kill", process.pid, SIGINT)).toBe("errno 1");
  });
});
