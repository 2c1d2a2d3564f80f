import { FORK_CLONE_FLAGS, THREAD_CLONE_FLAGS, VFORK_CLONE_FLAGS } from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { adviceFor, cpuLimitAdvice, promisesAllowing } from "./advice.js";
import { cloneFlagsText, formatCall } from "./format.js";

const hpython = { name: "hpython", promises: ["stdio", "rpath", "thread"] as const };
const hsh = {
  name: "hsh",
  promises: ["stdio", "proc"] as const,
  execPromises: ["exec"] as const,
  exec: "landlock" as const,
};

describe("advice", () => {
  it("maps os.system's clone to promise proc, which no hpython flag grants", () => {
    const a = adviceFor("clone", hpython, [VFORK_CLONE_FLAGS, 0n, 0n, 0n, 0n, 0n]);
    expect(a.promises).toEqual(["proc"]);
    expect(a.flag).toBeUndefined();
    expect(a.text).toMatch(/promise proc .* no flag of hpython grants it/);
    expect(adviceFor("clone", hpython, [FORK_CLONE_FLAGS, 0n, 0n, 0n, 0n, 0n]).promises).toEqual(["proc"]);
    expect(promisesAllowing("clone", [THREAD_CLONE_FLAGS, 0n, 0n, 0n, 0n, 0n])).toEqual(["thread"]);
  });
  it("names -x for execve where the host has it", () => {
    expect(adviceFor("execve", hsh).flag).toBe("-x");
    expect(adviceFor("execve", hpython).flag).toBeUndefined();
    expect(adviceFor("execve", hpython).text).toMatch(/no flag of hpython/);
  });
  it("says when nothing allows a call", () => {
    expect(adviceFor("mount", hpython).text).toMatch(/never/);
    expect(adviceFor("mount", hpython).promises).toEqual([]);
  });
  it("formats calls", () => {
    expect(cloneFlagsText(VFORK_CLONE_FLAGS)).toBe("CLONE_VM|CLONE_VFORK|SIGCHLD");
    expect(formatCall("clone", [VFORK_CLONE_FLAGS, 0x7fn, 0n, 0n, 0n, 0n])).toBe(
      "clone(CLONE_VM|CLONE_VFORK|SIGCHLD, 0x7f)",
    );
    expect(formatCall("execve", [0x1000n, 0x2000n, 0x3000n, 0n, 0n, 0n], "/bin/sh")).toBe(
      'execve("/bin/sh", 0x2000, 0x3000)',
    );
    expect(formatCall("socket", [2n, 1n, 0n, 0n, 0n, 0n])).toBe("socket(AF_INET, 1)");
  });
});

describe("cpuLimitAdvice", () => {
  const table: [string, string | undefined, bigint | undefined, number | undefined, string | undefined][] = [
    ["SIGXCPU at the soft limit", "SIGXCPU", 5n, 5.02, "-r cpu=11"],
    ["SIGXCPU, nothing measured: twice the limit", "SIGXCPU", 5n, undefined, "-r cpu=10"],
    ["SIGKILL at the hard limit (soft = hard)", "SIGKILL", 10n, 10.4, "-r cpu=21"],
    ["SIGKILL a tick early (measured at clock-tick grain)", "SIGKILL", 10n, 9.96, "-r cpu=20"],
    ["SIGKILL well short of the limit: something else killed it", "SIGKILL", 10n, 2.5, undefined],
    ["SIGKILL, nothing measured: cannot tell", "SIGKILL", 10n, undefined, undefined],
    ["no CPU limit set", "SIGXCPU", undefined, 3, undefined],
    ["an exit, not a signal", undefined, 5n, 5.5, undefined],
    ["another signal", "SIGSEGV", 5n, 5.5, undefined],
  ];
  for (const [name, signal, limit, used, flag] of table) {
    it(name, () => expect(cpuLimitAdvice(signal, limit, used)?.flag).toBe(flag));
  }
  it("says what it used and the limit", () => {
    expect(cpuLimitAdvice("SIGKILL", 5n, 5.3)?.text).toBe(
      "SIGKILL after 5.3 s of CPU time: the limit is 5 s (cpu=5); -r cpu=11 is twice what it used before it was stopped",
    );
  });
});
