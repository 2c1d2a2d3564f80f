// spawn/run/runCode: the programmatic API over a host's own bin.
//
// Why the bin and not an in-process call: a host confines *its own process*
// and then execs the interpreter (docs/design.md), which a library caller cannot
// let happen to itself. Running `node <host>/dist/bin.js FLAGS -- SCRIPT ARGS`
// is the CLI path, with exactly its checks and errors; this file adds only
// what a parent can do: a wall-clock timeout, an output cap, and a readable
// result. docs/api.md explains why no faster in-process path is shipped.
import { type ChildProcess, spawn as spawnChild } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { type SandboxOptions, toCommandLine } from "./options.js";

/** Which host a bound API runs: its name, its bin (dist/bin.js) and its scripts' file extension. */
export interface HostBinding {
  readonly name: string;
  readonly bin: string;
  /** Extension runCode gives the temporary script: ".lua", ".py", ".js", ".sh". */
  readonly extension: string;
}

/** Death by the seccomp filter: the script made a system call its profile forbids. */
export interface Violation {
  readonly kind: "seccomp";
  readonly signal: "SIGSYS";
  readonly message: string;
}

/** How a sandboxed process ended. */
export interface ExitInfo {
  /** The script's exit status; null when it died of a signal. 1 also means "the launcher refused" (see stderr). */
  readonly code: number | null;
  /** The signal that ended it, or null. */
  readonly signal: NodeJS.Signals | null;
  /** The wall-clock timeout passed and the process group was killed. */
  readonly timedOut: boolean;
  /** The output cap was reached: output was cut there and the process group was killed. */
  readonly truncated: boolean;
  /** Present when the seccomp filter killed the script (SIGSYS). */
  readonly violation?: Violation;
}

/** What {@link run} resolves to. */
export interface RunResult extends ExitInfo {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions extends SandboxOptions {
  /** Written to the script's stdin (then closed). Default: stdin is closed at once. */
  readonly input?: string | Buffer;
}

export interface RunCodeOptions extends RunOptions {
  /** Arguments for the script. */
  readonly args?: readonly string[];
  /** Name of the temporary script file (default "main" + the host's extension). */
  readonly filename?: string;
}

/** run()'s output cap when none is given. */
export const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * A running sandboxed script: ChildProcess-like (pid, stdin/stdout/stderr
 * pipes, kill, "spawn"/"exit"/"close"/"error" events), plus `exited`, a
 * promise of how it ended. The script runs in its own process group (and
 * session); kill() and the timeout signal the whole group.
 */
export class SandboxedProcess extends EventEmitter {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Resolves after the process has exited and its output streams have ended. */
  readonly exited: Promise<ExitInfo>;
  readonly #child: ChildProcess;
  #timedOut = false;
  #truncated = false;
  #written = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(binding: HostBinding, script: string, args: readonly string[], options: SandboxOptions) {
    super();
    const { flags, env } = toCommandLine(options);
    // The caller's NODE_OPTIONS (a test runner's loader, say) is for the caller.
    delete env.NODE_OPTIONS;
    this.#child = spawnChild(process.execPath, [binding.bin, ...flags, "--", script, ...args], {
      cwd: options.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true, // own process group: the timeout kills what the script started too
    });
    const child = this.#child;
    this.stdin = child.stdin!;
    this.stdin.on("error", () => {}); // EPIPE when the script does not read its input
    const out = new PassThrough();
    const err = new PassThrough();
    this.stdout = out;
    this.stderr = err;
    const max = options.maxOutputBytes;
    this.#forward(child.stdout!, out, max);
    this.#forward(child.stderr!, err, max);
    if (options.timeout !== undefined && options.timeout >= 0) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.kill("SIGKILL");
      }, options.timeout);
    }
    child.on("spawn", () => this.emit("spawn"));
    child.on("exit", (code, signal) => this.emit("exit", code, signal));
    this.exited = new Promise<ExitInfo>((resolve, reject) => {
      child.on("error", (e) => {
        clearTimeout(this.#timer);
        if (this.listenerCount("error") > 0) this.emit("error", e);
        reject(e);
      });
      child.on("close", (code, signal) => {
        clearTimeout(this.#timer);
        const info: ExitInfo = {
          code,
          signal,
          timedOut: this.#timedOut,
          truncated: this.#truncated,
          ...(signal === "SIGSYS"
            ? {
                violation: {
                  kind: "seccomp",
                  signal: "SIGSYS",
                  message: `${binding.name}: the script made a system call its profile does not allow and was killed (SIGSYS)`,
                } satisfies Violation,
              }
            : {}),
        };
        this.emit("close", code, signal);
        resolve(info);
      });
    });
    this.exited.catch(() => {}); // an unobserved spawn error is reported through "error"
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Signals the script's whole process group (default SIGKILL). False if it had already exited. */
  kill(signal: NodeJS.Signals | number = "SIGKILL"): boolean {
    const pid = this.#child.pid;
    if (pid === undefined || this.#child.exitCode !== null || this.#child.signalCode !== null) return false;
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return this.#child.kill(signal);
    }
  }

  #forward(from: Readable, to: PassThrough, max: number | undefined): void {
    from.on("data", (chunk: Buffer) => {
      if (this.#truncated) return;
      let part = chunk;
      if (max !== undefined && this.#written + chunk.length > max) {
        part = chunk.subarray(0, Math.max(0, max - this.#written));
        this.#truncated = true;
        this.kill("SIGKILL");
      }
      this.#written += part.length;
      if (part.length > 0 && !to.write(part)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
    });
    from.on("end", () => to.end());
    from.on("error", (e) => to.destroy(e));
  }
}

/** Starts `script` under the host; see {@link SandboxedProcess}. */
export function spawnScript(
  binding: HostBinding,
  script: string,
  args: readonly string[] = [],
  options: SandboxOptions = {},
): SandboxedProcess {
  return new SandboxedProcess(binding, script, args, options);
}

async function collect(s: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** Runs `script` to the end and collects its output (capped at maxOutputBytes, default 16 MiB). */
export async function runScript(
  binding: HostBinding,
  script: string,
  args: readonly string[] = [],
  options: RunOptions = {},
): Promise<RunResult> {
  const p = spawnScript(binding, script, args, {
    ...options,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  });
  p.on("error", () => {}); // reported by the rejection of `exited`
  if (options.input !== undefined) p.stdin.end(options.input);
  else p.stdin.end();
  const [stdout, stderr, info] = await Promise.all([collect(p.stdout), collect(p.stderr), p.exited]);
  return { ...info, stdout, stderr };
}

/**
 * Runs `source` as a script: it is written to a private temporary directory
 * (mode 0700, file 0600), run, and removed afterwards whatever happened.
 */
export async function runCodeString(
  binding: HostBinding,
  source: string,
  options: RunCodeOptions = {},
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `${binding.name}-code-`));
  try {
    const name = options.filename ?? `main${binding.extension}`;
    if (name.includes("/") || name === "." || name === "..") throw new TypeError(`bad filename: ${name}`);
    const file = join(dir, name);
    writeFileSync(file, source, { mode: 0o600 });
    return await runScript(binding, file, options.args ?? [], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The API of one host, as each host package exports it. */
export interface HostApi {
  /** Starts a script; returns a ChildProcess-like handle with stdio pipes. */
  spawn(script: string, args?: readonly string[], options?: SandboxOptions): SandboxedProcess;
  /** Runs a script to the end: `{ code, signal, stdout, stderr, timedOut, truncated, violation? }`. */
  run(script: string, args?: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Runs source text from a private temporary file (removed afterwards). */
  runCode(source: string, options?: RunCodeOptions): Promise<RunResult>;
}

/** Binds spawn/run/runCode to one host's bin. */
export function bindHost(binding: HostBinding): HostApi {
  return {
    spawn: (script, args, options) => spawnScript(binding, script, args, options),
    run: (script, args, options) => runScript(binding, script, args, options),
    runCode: (source, options) => runCodeString(binding, source, options),
  };
}
