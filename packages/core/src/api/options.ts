// The programmatic API's options, and their translation into the host's own
// command line. The API runs the host's bin, so every option means exactly
// what the flag means (see `HOST -h` and docs/api.md); nothing is enforced
// here that the launcher would not enforce itself, except the wall-clock
// timeout and the output cap, which only a parent can enforce.
import type { RlimitName } from "../rlimits.js";

/** Options shared by {@link spawn}, {@link run} and {@link runCode}; they mirror the CLI flags. */
export interface SandboxOptions {
  /** `--allow-read PATH`: read (and list) beneath each path. */
  readonly allowRead?: readonly string[];
  /** `--allow-write PATH`: read, write, create and delete beneath each path. */
  readonly allowWrite?: readonly string[];
  /** `-s`: read beneath the script's directory. */
  readonly allowScriptDir?: boolean;
  /** `-t`: read and write beneath the temp dir. */
  readonly allowTmp?: boolean;
  /** `-l`: read /etc/localtime. */
  readonly allowLocaltime?: boolean;
  /**
   * Environment variables the script sees (its environment is otherwise
   * empty). Values travel in the launcher's own environment and are named
   * with `--env NAME`, so they never appear on a command line (which other
   * users can read in /proc). `undefined` values are skipped.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `-r NAME=VALUE` per entry, e.g. `{ cpu: 10, as: "512M", nofile: "unlimited" }`. */
  readonly rlimits?: Readonly<Partial<Record<RlimitName, string | number>>>;
  /** `-R`: keep this process's rlimits instead of the host's defaults. */
  readonly inheritRlimits?: boolean;
  /** `--on-violation`: a forbidden system call kills the script (default) or fails with EPERM. */
  readonly onViolation?: "kill" | "errno";
  /** `--interpreter PATH`. */
  readonly interpreter?: string;
  /** `--best-effort`. */
  readonly bestEffort?: boolean;
  /** Host-specific flags placed before the script (e.g. `["--site"]` for hpython). */
  readonly hostArgs?: readonly string[];
  /**
   * Wall-clock limit in milliseconds. When it passes, the whole process group
   * (the script and anything it started) gets SIGKILL and the result says
   * `timedOut: true`. Default: none (the CPU rlimit still applies).
   */
  readonly timeout?: number;
  /**
   * At most this many bytes of stdout plus stderr together are kept; the
   * first byte beyond kills the process group (SIGKILL) and the result says
   * `truncated: true`. Default: 16 MiB for run(), none for spawn().
   */
  readonly maxOutputBytes?: number;
  /** Working directory of the launcher (relative script paths resolve against it). */
  readonly cwd?: string;
}

/** The flags (before the script) for `options`, and the launcher's environment. */
export function toCommandLine(
  options: SandboxOptions,
  baseEnv: Readonly<Record<string, string | undefined>> = process.env,
): { flags: string[]; env: Record<string, string> } {
  const flags: string[] = [];
  if (options.allowScriptDir) flags.push("-s");
  if (options.allowTmp) flags.push("-t");
  if (options.allowLocaltime) flags.push("-l");
  for (const p of options.allowRead ?? []) flags.push(`--allow-read=${p}`);
  for (const p of options.allowWrite ?? []) flags.push(`--allow-write=${p}`);
  if (options.inheritRlimits) flags.push("-R");
  for (const [name, value] of Object.entries(options.rlimits ?? {})) {
    if (value === undefined) continue;
    flags.push(`--rlimit=${name}=${value}`);
  }
  if (options.onViolation) flags.push(`--on-violation=${options.onViolation}`);
  if (options.interpreter) flags.push(`--interpreter=${options.interpreter}`);
  if (options.bestEffort) flags.push("--best-effort");
  // The launcher needs PATH (interpreter lookup), HOME/XDG_CACHE_HOME (its
  // cache) and TMPDIR (-t); the script sees none of it unless named.
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new TypeError(`bad environment variable name: ${JSON.stringify(k)}`);
    env[k] = v;
    flags.push(`--env=${k}`);
  }
  flags.push(...(options.hostArgs ?? []));
  return { flags, env };
}
