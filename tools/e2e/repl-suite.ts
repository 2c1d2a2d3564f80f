// The interactive sessions of a host, tested as a person uses them (see
// tmux.ts): start it with no script in a terminal, type an expression, read
// the answer, try the ways out of the sandbox from the prompt, leave with
// Ctrl-D or the language's exit, check the exit status the outer shell saw.
// Also: the program on a pipe (no terminal) runs and exits, and --explain
// with no script shows the terminal grants. As root and as uid 65534.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { User } from "./cases.js";
import { deploy } from "./deploy.js";
import { bound, type Ran, run as runProcess } from "./process.js";
import { haveTmux, TmuxSession } from "./tmux.js";

export interface ReplSpec {
  /** The prompt as it appears on screen (end of the screen while waiting). */
  readonly prompt: RegExp;
  /** A line to type, and what the answer shows. */
  readonly expression: readonly [string, string];
  /** Ways out, each with the readable refusal expected on screen. */
  readonly escapes: readonly (readonly [string, string | RegExp])[];
  /** A line that exits with a status, and that status. */
  readonly exit: readonly [string, number];
  /** A program for piped stdin, and what it prints. */
  readonly piped: readonly [string, string];
  /** Arguments after "-" reach the program: a program printing them, with `a b` given, and its output. */
  readonly pipedArgs?: readonly [string, string];
}

export interface ReplHarness {
  readonly users: readonly User[];
  /** Where the built host is deployed (world-readable). */
  bin(): string;
  /** Starts a terminal whose outer shell then runs `host [options]` ({dir}: the session's dir); waits for the prompt. */
  start(user: User, options?: readonly string[], env?: Record<string, string>): Promise<TmuxSession>;
  /** Runs the host again in the same terminal (after it exited); waits for a new prompt. */
  launch(t: TmuxSession, options?: readonly string[]): Promise<void>;
}

export function replSuite(host: string, spec: ReplSpec, extra?: (h: ReplHarness) => void): void {
  const isRoot = process.getuid?.() === 0;
  const users: User[] = isRoot ? ["root", "nobody"] : ["root"];
  let deployed: string | undefined;
  const bin = () => {
    deployed ??= deploy([host]);
    return join(deployed, host, "dist", "bin.js");
  };
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    for (const s of sessions) await s.close();
    if (deployed && !process.env.H_KEEP_WORK) rmSync(deployed, { recursive: true, force: true });
  });
  const launch = async (t: TmuxSession, options: readonly string[] = []) => {
    const m = await t.mark();
    await t.line(
      `${process.execPath} ${bin()} ${options.map((o) => o.replaceAll("{dir}", t.dir)).join(" ")}; echo "EXIT=$?"`,
    );
    await t.waitFor(spec.prompt, m);
  };
  const start = async (user: User, options: readonly string[] = [], env: Record<string, string> = {}) => {
    const t = await TmuxSession.open(user, env);
    sessions.push(t);
    await t.ready();
    await launch(t, options);
    return t;
  };
  const tmux = haveTmux();
  const name = (user: User) => (user === "root" ? "root" : "uid 65534");
  const T = bound(120_000);

  for (const user of users) {
    const runAs: User = isRoot ? user : "root";
    describe(`${host} interactive, as ${name(user)}`, () => {
      it.skipIf(!tmux)(
        "a prompt in a terminal: an expression and its answer, then Ctrl-D exits 0",
        async () => {
          const t = await start(runAs);
          const m = await t.mark();
          await t.line(spec.expression[0]);
          await t.waitFor(spec.expression[1], m);
          // Ctrl-D only once the prompt is back: typed earlier, readline may drop it as it sets up the terminal.
          await t.waitFor(spec.prompt, m);
          await t.keys("C-d");
          await t.waitFor("EXIT=0", m);
        },
        T,
      );
      it.skipIf(!tmux)(
        "the ways out fail readably at the prompt, and the session goes on [attacks: the sandbox, from a prompt]",
        async () => {
          const t = await start(runAs);
          for (const [line, want] of spec.escapes) {
            const m = await t.mark();
            await t.line(line);
            await t.waitFor(want, m);
            await t.waitFor(spec.prompt, m);
          }
          const m = await t.mark();
          await t.line(spec.expression[0]);
          await t.waitFor(spec.expression[1], m);
          await t.line(spec.exit[0]);
          await t.waitFor(`EXIT=${spec.exit[1]}`, m);
        },
        T,
      );
      it(
        "with stdin a pipe, the program is read from it and the host exits",
        async () => {
          const r = await run(bin(), runAs, [], spec.piped[0]);
          expect(r.stdout + r.stderr).toContain(spec.piped[1]);
          expect(r.status).toBe(0);
          if (spec.pipedArgs) {
            const a = await run(bin(), runAs, ["-", "a", "b"], spec.pipedArgs[0]);
            expect(a.stdout + a.stderr).toContain(spec.pipedArgs[1]);
            expect(a.status).toBe(0);
          }
        },
        T,
      );
      it(
        "--explain -i shows the terminal grants and ioctls",
        async () => {
          const r = await run(bin(), runAs, ["-i", "--explain"], "", { TERM: "xterm" });
          expect(r.status, r.stderr).toBe(0);
          expect(r.stdout).toContain("Interactive session");
          expect(r.stdout).toMatch(/terminfo entry for TERM=xterm/);
          expect(r.stdout).toContain("/etc/inputrc");
          expect(r.stdout).toMatch(/TIOCSTI/);
          expect(r.stdout).toMatch(/errno 1 +TIOCSPGRP/);
          expect(r.stdout).toContain("history: in memory only");
        },
        T,
      );
    });
  }
  extra?.({ users, bin, start, launch });
}

/** Runs the deployed host as a user, stdin from a string. */
export function run(
  bin: string,
  user: User,
  args: readonly string[],
  input: string,
  env: Record<string, string> = {},
): Promise<Ran> {
  const argv = [process.execPath, bin, ...args];
  const full = user === "root" ? argv : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv];
  return runProcess(full, {
    input,
    cwd: "/",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    timeoutMs: 60_000,
  });
}
