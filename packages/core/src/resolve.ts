// Finding things before anything is applied: the interpreter binary and the
// script. Every failure is a HostError with a hint, never a stack trace.
import { accessSync, constants, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { isElfFile } from "@hsandbox/landlock";
import { HostError, UsageError } from "./errors.js";
import type { InterpreterSpec } from "./profile.js";

const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts with the ELF magic: @hsandbox/landlock's check, under the name core has always exported. */
export const isElf: (p: string) => boolean = isElfFile;

/** The directories of a PATH value, in order (unset: execvp's default); empty entries are passed over. */
export function pathDirs(pathVar: string | undefined): string[] {
  return (pathVar ?? DEFAULT_PATH).split(delimiter).filter(Boolean);
}

/**
 * Looks a command up on PATH like execvp would: the first `dir/name` that
 * `accept` takes (by default an executable regular file). `path` is a PATH
 * value or the directories themselves.
 */
export function which(
  name: string,
  path: string | readonly string[] | undefined = process.env.PATH,
  accept: (file: string) => boolean = isExecutableFile,
): string | undefined {
  for (const dir of typeof path === "object" ? path : pathDirs(path)) {
    const p = join(dir, name);
    if (accept(p)) return p;
  }
  return undefined;
}

export interface FoundInterpreter {
  /** The real ELF binary that will be exec'd. */
  readonly binary: string;
  /** What was asked for or found on PATH, for messages. */
  readonly found: string;
}

const versions = new Map<string, string>();

/**
 * What `binary versionArgs` prints (stdout, then stderr), run once per binary
 * and remembered: -v and the --interpreter check both ask. Runs with an empty
 * environment; loads node:child_process only here (~2 ms, not every launch).
 */
export function interpreterVersionOutput(spec: InterpreterSpec, binary: string): string {
  let out = versions.get(binary);
  if (out === undefined) {
    const { spawnSync } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
    const r = spawnSync(binary, [...spec.versionArgs], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 5000,
      env: {},
    });
    out = `${r.stdout ?? ""}${r.stderr ?? ""}` || (r.error ? `(${r.error.message})` : `(exit ${r.status})`);
    versions.set(binary, out);
  }
  return out;
}

/**
 * An interpreter named with --interpreter must say it is the right one: a
 * wrong binary (bash for hlua) would otherwise run the boot script as its own
 * language and die of the filter. Costs one run of the binary, only then.
 */
function checkVersion(spec: InterpreterSpec, binary: string, what: string): void {
  const out = interpreterVersionOutput(spec, binary);
  if (!spec.versionPattern!.test(out)) {
    const said = out.split("\n")[0]?.trim() || "nothing";
    throw new UsageError(`${what}: not ${spec.display} (it says: ${said})`, `point --interpreter at ${spec.display}`);
  }
}

export function findInterpreter(spec: InterpreterSpec, explicit: string | undefined): FoundInterpreter {
  const toBinary = spec.toBinary ?? ((p: string) => realpathSync(p));
  const chosen = explicit ?? spec.default?.();
  if (chosen !== undefined) {
    const what = explicit !== undefined ? `--interpreter ${explicit}` : `interpreter ${chosen}`;
    const p = resolve(chosen);
    if (!isExecutableFile(p)) throw new UsageError(`${what}: no executable file there`);
    const binary = toBinary(p);
    if (!isElf(binary)) {
      throw new UsageError(
        `${what}: ${binary} is not an ELF binary`,
        "point at the interpreter itself, not a wrapper script",
      );
    }
    if (explicit !== undefined && spec.versionPattern) checkVersion(spec, binary, what);
    return { binary, found: p };
  }
  const seen: string[] = [];
  for (const name of spec.candidates) {
    const p = which(name);
    if (!p) continue;
    let binary: string;
    try {
      binary = toBinary(p);
    } catch (e) {
      seen.push(`${p} (${(e as Error).message})`);
      continue;
    }
    const base = binary.slice(binary.lastIndexOf("/") + 1);
    if (!spec.accept.test(base)) {
      seen.push(`${p} -> ${binary} (not ${spec.display})`);
      continue;
    }
    if (!isElf(binary)) {
      seen.push(`${p} -> ${binary} (not an ELF binary)`);
      continue;
    }
    return { binary, found: p };
  }
  throw new HostError(
    `cannot find ${spec.display} (looked for ${spec.candidates.join(", ")} on PATH${seen.length ? `; rejected ${seen.join(", ")}` : ""})`,
    `install it (${spec.installHint}) or pass --interpreter PATH`,
  );
}

export interface FoundScript {
  /** Absolute path as the user named it: what the interpreter is given. */
  readonly path: string;
  /** Its real path: what Landlock grants (rules attach to inodes, not links). */
  readonly real: string;
  /** Directory of the real path, for -s and -x. */
  readonly dir: string;
}

export function findScript(script: string): FoundScript {
  const p = isAbsolute(script) ? script : resolve(script);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "error";
    throw new UsageError(`cannot open script ${script}: ${code === "ENOENT" ? "no such file" : code}`);
  }
  if (!st.isFile()) throw new UsageError(`script ${script} is not a regular file`);
  try {
    accessSync(p, constants.R_OK);
  } catch {
    throw new UsageError(`cannot read script ${script}: permission denied`);
  }
  const real = realpathSync(p);
  return { path: p, real, dir: real.slice(0, real.lastIndexOf("/")) || "/" };
}
