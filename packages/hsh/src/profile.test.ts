// The compiled hsh filter, run through the BPF interpreter: the id and
// priority rules decide as their comments say (no e2e case can make these
// calls: bash has no builtin for them, and without -x nothing else runs).
import {
  AUDIT_ARCH,
  compile,
  execute,
  killProcess,
  retAction,
  rulesFor,
  type SeccompData,
  syscallNumber,
} from "@hsandbox/bpf";
import { launcherRules } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import profile from "./profile.js";

const EXEC_PATH = 0x7ffd_1234_5000n;
const program = compile(
  [...launcherRules("pinned", EXEC_PATH), ...(profile.rules ?? []), ...rulesFor(profile.promises, "x86_64")],
  { arch: "x86_64", defaultAction: killProcess },
);

function verdict(name: string, ...args: (number | bigint)[]): string {
  const nr = syscallNumber("x86_64", name);
  if (nr === undefined) throw new Error(`no syscall ${name}`);
  const a = [...args.map((v) => BigInt.asUintN(64, BigInt(v))), 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6);
  const data: SeccompData = {
    nr,
    arch: AUDIT_ARCH.x86_64,
    instructionPointer: 0n,
    args: a as unknown as SeccompData["args"],
  };
  const action = retAction(execute(program, data).ret);
  return action.kind === "errno" ? `errno ${action.errno}` : action.kind;
}

const NOBODY = 65534;

describe("hsh filter: set*id", () => {
  it("lets a -x bash script drop to its real uid", () => {
    expect(verdict("setresuid", NOBODY, NOBODY, NOBODY)).toBe("allow");
    expect(verdict("setuid", NOBODY)).toBe("allow");
    expect(verdict("setresuid", -1, NOBODY, -1)).toBe("allow");
    expect(verdict("setresuid", 0xffffffff, 0xffffffff, 0xffffffff)).toBe("allow");
    expect(verdict("setresgid", 0, 0, 0)).toBe("allow");
  });
  it("never lets uid 0 be kept or taken back", () => {
    expect(verdict("setresuid", 0, 0, 0)).toBe("errno 1");
    expect(verdict("setresuid", -1, 0, -1)).toBe("errno 1");
    expect(verdict("setuid", 0)).toBe("errno 1");
    expect(verdict("setreuid", NOBODY, 0)).toBe("errno 1");
    expect(verdict("setuid", 1000)).toBe("errno 1");
    // The kernel reads a uid_t (32 bits): 0x1_0000_0000 would be uid 0.
    expect(verdict("setuid", 0x1_0000_0000n)).toBe("errno 1");
    expect(verdict("setresuid", NOBODY, NOBODY, 0x1_0000_fffen)).toBe("errno 1");
  });
});

describe("hsh filter: acting on other processes", () => {
  it("setpriority only on itself", () => {
    expect(verdict("setpriority", 0, 0, 10)).toBe("allow");
    expect(verdict("setpriority", 0, 1234, 10)).toBe("errno 1");
    expect(verdict("setpriority", 1, 0, 10)).toBe("errno 1"); // PRIO_PGRP: may hold processes outside
    expect(verdict("setpriority", 2, 0, 10)).toBe("errno 1"); // PRIO_USER
    expect(verdict("setpriority", 0x1_0000_0000n, 0, 10)).toBe("errno 1");
  });
  it("no scheduling or io priority calls, no limits on any pid", () => {
    expect(verdict("sched_setaffinity", 1234, 8, 0)).toBe("kill-process");
    expect(verdict("sched_setscheduler", 1234, 0, 0)).toBe("kill-process");
    expect(verdict("sched_setparam", 0, 0)).toBe("kill-process");
    expect(verdict("ioprio_set", 1, 1234, 0)).toBe("kill-process");
    expect(verdict("prlimit64", 1234, 7, 0, 0x1000)).toBe("errno 1");
    expect(verdict("prlimit64", 0, 7, 0x1000, 0)).toBe("errno 1");
  });
});

describe("hsh filter: execve", () => {
  it("only the launcher's pinned path pointer; anything else is EACCES", () => {
    expect(verdict("execve", EXEC_PATH, 0, 0)).toBe("allow");
    expect(verdict("execve", 0x5555_0000_1000n, 0, 0)).toBe("errno 13");
  });
});
