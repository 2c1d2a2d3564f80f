// The compiled hsh filter, run through the BPF interpreter: the id,
// priority, signal, fork and exec rules decide as allowlist.ts says (no e2e
// case can make most of these calls with these arguments: bash has no
// builtin for them, and without -x nothing else runs).
import { compile, killProcess, verdict as verdictOf } from "@hsandbox/bpf";
import { allRules, parseCommandLine, planSeccomp } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import profile from "./profile.js";

const EXEC_PATH = 0x7ffd_1234_5000n;
// The filters the planner makes for a script without flags and with -x
// (launcher, host and -x rules, promises, in the launch's order).
const filterFor = (flags: string[]) =>
  compile(allRules(planSeccomp(profile, parseCommandLine([...flags, "x.sh"]).options, []), EXEC_PATH, "x86_64", 4242), {
    arch: "x86_64",
    defaultAction: killProcess,
  });
const program = filterFor([]);
const withX = filterFor(["-x"]);

/** What the default filter (no flags) does with a call. */
const verdict = (name: string, ...args: (number | bigint)[]): string => verdictOf(program, "x86_64", name, ...args);
/** What the filter with -x does with it. */
const verdictX = (name: string, ...args: (number | bigint)[]): string => verdictOf(withX, "x86_64", name, ...args);

const NOBODY = 65534;

describe("hsh filter: set*id", () => {
  it("lets a -x bash script drop to its real uid, and only with -x", () => {
    expect(verdictX("setresuid", NOBODY, NOBODY, NOBODY)).toBe("allow");
    expect(verdictX("setresuid", -1, NOBODY, -1)).toBe("allow");
    expect(verdictX("setresuid", 0xffffffff, 0xffffffff, 0xffffffff)).toBe("allow");
    expect(verdictX("setresgid", 0, 0, 0)).toBe("allow");
    expect(verdict("setresuid", NOBODY, NOBODY, NOBODY)).toBe("errno 1");
    expect(verdict("setresgid", 0, 0, 0)).toBe("kill-process");
    expect(verdict("writev", 2, 0, 1)).toBe("kill-process");
  });
  it("refuses the older set*id calls, which nothing traced makes, whatever the uid", () => {
    expect(verdict("setuid", NOBODY)).toBe("errno 1");
    expect(verdict("setreuid", NOBODY, NOBODY)).toBe("errno 1");
    expect(verdict("setgid", 0)).toBe("errno 1");
    expect(verdict("setregid", 0, 0)).toBe("errno 1");
  });
  it("never lets uid 0 be kept or taken back, with -x either", () => {
    for (const v of [verdict, verdictX]) {
      expect(v("setresuid", 0, 0, 0)).toBe("errno 1");
      expect(v("setresuid", -1, 0, -1)).toBe("errno 1");
      expect(v("setresuid", NOBODY, NOBODY, 0x1_0000_fffen)).toBe("errno 1");
      expect(v("setuid", 0)).toBe("errno 1");
    }
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
  it("setpriority on nothing (no traced workload sets a priority)", () => {
    expect(verdict("setpriority", 0, 0, 10)).toBe("errno 1");
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

describe("hsh filter: processes and signals", () => {
  it("fork only as glibc's fork: no threads, no vfork, no namespaces", () => {
    expect(verdict("clone", 0x01200011)).toBe("allow"); // CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD
    expect(verdict("clone", 0x003d0f00)).toBe("kill-process"); // pthread_create's flags
    expect(verdict("clone", 0x00004111)).toBe("kill-process"); // CLONE_VM|CLONE_VFORK|SIGCHLD
    expect(verdict("clone", 0x01200011 | 0x10000000)).toBe("kill-process"); // + CLONE_NEWUSER
    expect(verdict("clone", 0x01200011 | 0x20000000)).toBe("kill-process"); // + CLONE_NEWPID
    expect(verdict("clone3", 0, 88)).toBe("errno 38");
    expect(verdict("vfork")).toBe("kill-process");
    expect(verdict("unshare", 0x10000000)).toBe("kill-process");
  });
  it("kill(-1) is refused; other targets are Landlock's signal scope's to decide", () => {
    expect(verdict("kill", -1, 9)).toBe("errno 1");
    expect(verdict("kill", 0xffffffff, 9)).toBe("errno 1");
    expect(verdict("kill", 1234, 15)).toBe("allow");
    expect(verdict("kill", -1234, 9)).toBe("allow");
    expect(verdict("tgkill", 1234, 1234, 9)).toBe("kill-process");
    expect(verdict("ptrace", 16, 1234)).toBe("kill-process");
  });
});

describe("hsh filter: files", () => {
  it("no permission bits, owners or timestamps; fchmod of a here-document is EPERM", () => {
    expect(verdict("fchmod", 3, 0o400)).toBe("errno 1");
    expect(verdict("chmod", 0x1000, 0o777)).toBe("kill-process");
    expect(verdict("fchmodat", -100, 0x1000, 0o4755)).toBe("kill-process");
    expect(verdict("chown", 0x1000, 0, 0)).toBe("kill-process");
    expect(verdict("utimensat", -100, 0x1000, 0, 0)).toBe("kill-process");
  });
});

describe("hsh filter: execve", () => {
  it("only the launcher's pinned path pointer; anything else is EACCES", () => {
    expect(verdict("execve", EXEC_PATH, 0, 0)).toBe("allow");
    expect(verdict("execve", 0x5555_0000_1000n, 0, 0)).toBe("errno 13");
  });
});
