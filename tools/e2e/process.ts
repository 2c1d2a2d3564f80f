// The one way an end-to-end test runs a process: asynchronously.
//
// vitest's worker talks to its parent over an RPC channel whose calls time out
// after 60 s. A test that blocks the worker's thread (spawnSync, execFileSync,
// a busy-wait) for longer than that makes the worker's pending
// `onTaskUpdate` call time out when the thread comes back; the worker then
// dies and every test file scheduled after it never runs. On a busy 2-core
// machine a 20 s spawnSync can take 60 s. So no test blocks its thread: every
// child process goes through here, and waits are `await sleep(ms)`.
import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { slowness } from "../test/slowness.mjs";

export interface Ran {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the harness's own guard killed the process. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Default: stdin closed at once. */
  readonly input?: string | Buffer;
  /**
   * The harness's guard, never an assertion: SIGKILL after this long. Scaled
   * by H_TEST_SLOW (see `slow`), so a loaded machine gets more room.
   */
  readonly timeoutMs?: number;
  /** Extra descriptors handed to the child as fd 3, 4, ... */
  readonly extraFds?: readonly number[];
  /** Bytes kept of stdout and stderr together; the rest is dropped. */
  readonly limitBytes?: number;
}

/** How much slower than a quiet machine this run may be (tools/test/slowness.mjs). */
export const slow = slowness();

/** A bound in ms, scaled for a slow machine. */
export const bound = (ms: number): number => Math.round(ms * slow);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function run(argv: readonly string[], o: RunOptions = {}): Promise<Ran> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
      env: o.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe", ...(o.extraFds ?? [])],
    });
    const limit = o.limitBytes ?? 64 << 20;
    let kept = 0;
    const collect = (s: Readable, into: Buffer[]) =>
      s.on("data", (d: Buffer) => {
        kept += d.length;
        if (kept <= limit) into.push(d);
      });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    collect(child.stdout!, out);
    collect(child.stderr!, err);
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        child.kill("SIGKILL");
      },
      bound(o.timeoutMs ?? 120_000),
    );
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolveRun({
        status,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
      });
    });
    // A child that never reads its stdin closes the pipe first: EPIPE is fine.
    child.stdin!.on("error", () => {});
    child.stdin!.end(o.input ?? "");
  });
}

/** Runs and throws (with the output) unless the process exits 0; returns stdout. */
export async function runOk(argv: readonly string[], o: RunOptions = {}): Promise<string> {
  const r = await run(argv, o);
  if (r.status !== 0) {
    throw new Error(
      `${argv.join(" ")} failed: status=${r.status} signal=${r.signal}${r.timedOut ? " (timed out)" : ""}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r.stdout;
}

/** Polls `ready` every `everyMs` without blocking the thread; false when `withinMs` ran out. */
export async function waitFor(ready: () => boolean, withinMs: number, everyMs = 10): Promise<boolean> {
  const until = Date.now() + bound(withinMs);
  while (!ready()) {
    if (Date.now() > until) return false;
    await sleep(everyMs);
  }
  return true;
}
