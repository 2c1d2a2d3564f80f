// RLIMIT_NPROC is planned from whether a host's policy lets a script start
// processes (core's startsProcesses): a host that forks gets "tasks running +
// its allowance", a threads-only host keeps the caller's limit. Here that
// judgement is checked against each host's real compiled filter: if the
// filter allows fork, vfork, or clone with glibc fork's flags for any
// arguments tried, the host must be judged to fork and must have an
// allowance. (A host once lost its promises, was judged threads-only, and
// its fork-bomb case forked the machine.)
import { join } from "node:path";
import {
  AUDIT_ARCH,
  compile,
  constant,
  killProcess,
  run,
  SECCOMP_RET_ALLOW,
  type SeccompData,
  syscallNumber,
} from "@hsandbox/bpf";
import { allRules, type HostProfile, parseCommandLine, planSeccomp, startsProcesses } from "@hsandbox/core";
import { describe, expect, it } from "vitest";
import { hosts } from "../workspace.mjs";

const ARCH = "x86_64";
const FORK_FLAGS = constant("CLONE_CHILD_CLEARTID") | constant("CLONE_CHILD_SETTID") | constant("SIGCHLD");

describe.each(hosts().map((h) => [h.name, h.dir] as const))("%s: processes and RLIMIT_NPROC", (name, dir) => {
  it("is judged to fork exactly when its filter lets a script fork, and then has a process allowance", async () => {
    const profile = (await import(join(dir, "src", "profile.ts"))).default as HostProfile;
    for (const withExec of [false, true]) {
      // What the planner makes of the command line, -x or not: promises and rules, in the launch's order.
      const seccomp = planSeccomp(profile, parseCommandLine([...(withExec ? ["-x"] : []), "x"]).options, []);
      const { promises, rules } = seccomp;
      const program = compile(allRules(seccomp, 0x7ffd_0000_1000n, ARCH, 4242), {
        arch: ARCH,
        defaultAction: killProcess,
      });
      const allows = (syscall: string, arg0: bigint) => {
        const nr = syscallNumber(ARCH, syscall);
        if (nr === undefined) return false;
        const data: SeccompData = {
          nr,
          arch: AUDIT_ARCH[ARCH],
          instructionPointer: 0n,
          args: [arg0, 0n, 0n, 0n, 0n, 0n] as unknown as SeccompData["args"],
        };
        return run(program, data) >>> 0 === SECCOMP_RET_ALLOW;
      };
      const forks = allows("fork", 0n) || allows("vfork", 0n) || allows("clone", FORK_FLAGS);
      expect(startsProcesses(promises, rules), `${name}${withExec ? " -x" : ""}`).toBe(forks);
      if (forks) expect(profile.processAllowance, `${name} forks, so it needs an allowance`).toBeDefined();
    }
  });
});
