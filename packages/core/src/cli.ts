// The command line every host shares:  HOST [OPTION]... SCRIPT [ARG]...
// Pure: argv in, options out. Options end at the first non-option word (the
// script) or at "--"; everything after belongs to the script.
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import type { HostOptionSpec, HostOptionValue } from "./profile.js";
import { parseRlimitAssignment, type RlimitName, type RlimitValue } from "./rlimits.js";

export type OnViolation = "kill" | "errno";

export interface CliOptions {
  /** -s: read beneath the script's directory (e.g. sibling modules). */
  readonly scriptDir: boolean;
  /** -t: read+write beneath the temp dir. */
  readonly tmp: boolean;
  /** -l: read /etc/localtime (and what it links to). */
  readonly localtime: boolean;
  /** -x: execute beneath the script's directory (implies -s). */
  readonly execScriptDir: boolean;
  readonly rlimits: readonly (readonly [RlimitName, RlimitValue])[];
  /** -R: inherit every rlimit from the launcher instead of the defaults. */
  readonly inheritRlimits: boolean;
  readonly allowRead: readonly string[];
  readonly allowWrite: readonly string[];
  /** --env NAME (copied from the launcher's environment) or NAME=VALUE. */
  readonly env: readonly string[];
  readonly explain: false | "text" | "json" | "bpf";
  readonly onViolation: OnViolation;
  readonly interpreter?: string;
  /** Run with what the kernel has when it lacks a requested Landlock feature. */
  readonly bestEffort: boolean;
  /** When started as root, keep the real uid 0 (RLIMIT_NPROC then cannot bound processes). */
  readonly asRoot: boolean;
  /**
   * false with --no-report: no reporting process (report/), so a refused call
   * kills silently. Absent (or true, --report): the default, every refused
   * call is named with what would allow it.
   */
  readonly report?: boolean;
  /** --trace[=FILE]: run under strace -f from outside, summarise, keep the raw trace (true: a temp file). */
  readonly trace?: true | string;
  /** --learn: run the script (under strace) and print the grants it needed, as flags. */
  readonly learn?: boolean;
  /** -i: an interactive session (no script), even when stdin is not a terminal. */
  readonly interactive?: boolean;
  /** --history FILE: keep an interactive session's history in this one file (granted read+write). */
  readonly history?: string;
  readonly help: boolean;
  readonly version: boolean;
}

export interface ParsedCommandLine {
  readonly options: CliOptions;
  /** Absent only with -h, -v or (for hosts that allow it) no script. */
  readonly script?: string;
  readonly args: readonly string[];
  /** Values of the host's own options (see parseCommandLine's hostOptions), by long name. */
  readonly hostOptions?: Readonly<Record<string, HostOptionValue>>;
}

/** One table drives the parser and the -h text. */
export const OPTION_TABLE = {
  "allow-script-dir": { type: "boolean", short: "s", help: "read files beneath the script's directory" },
  "allow-tmp": { type: "boolean", short: "t", help: "read and write beneath the temp dir ($TMPDIR or /tmp)" },
  "allow-localtime": { type: "boolean", short: "l", help: "read /etc/localtime, so local time is not UTC" },
  "allow-exec-script-dir": {
    type: "boolean",
    short: "x",
    help: "run programs beneath the script's directory (implies -s)",
  },
  rlimit: {
    type: "string",
    short: "r",
    multiple: true,
    help: "NAME=VALUE  set one rlimit (e.g. -r as=256M, -r cpu=10)",
  },
  "inherit-rlimits": {
    type: "boolean",
    short: "R",
    help: "keep the launcher's rlimits instead of the host's defaults",
  },
  "allow-read": { type: "string", multiple: true, help: "PATH  read (and list) beneath PATH" },
  "allow-write": { type: "string", multiple: true, help: "PATH  read, write, create and delete beneath PATH" },
  env: { type: "string", multiple: true, help: "NAME[=VALUE]  pass one environment variable to the script" },
  explain: {
    type: "boolean",
    help: "print the policy in plain words and exit (--explain=json for tools, --explain=bpf for the filter)",
  },
  "dry-run": { type: "boolean", help: "same as --explain" },
  report: {
    type: "boolean",
    help: "name each refused system call and the flag or promise that would allow it (the default)",
  },
  "no-report": {
    type: "boolean",
    help: 'no reporting process: one process fewer, but a refused call kills silently ("Bad system call")',
  },
  trace: {
    type: "boolean",
    help: "run under strace -f and summarise what was blocked (--trace=FILE keeps the raw trace there)",
  },
  learn: {
    type: "boolean",
    help: "run the script and print the extra grants it needed, as flags to copy (the script does run)",
  },
  "on-violation": {
    type: "string",
    help: "kill|errno  a forbidden system call kills the script (default) or fails with EPERM",
  },
  interpreter: { type: "string", help: "PATH  use this interpreter binary" },
  "best-effort": {
    type: "boolean",
    help: "run even if the kernel cannot enforce every Landlock rule; report what was dropped",
  },
  "as-root": { type: "boolean", help: "when run as root, keep the real uid 0 (a fork bomb is then not bounded)" },
  interactive: {
    type: "boolean",
    short: "i",
    help: "with no script: an interactive prompt, even when stdin is not a terminal",
  },
  history: {
    type: "string",
    help: "FILE  keep the interactive session's history in FILE (only that file is writable)",
  },
  help: { type: "boolean", short: "h", help: "show this help and exit" },
  version: { type: "boolean", short: "v", help: "print the host, interpreter and Landlock versions and exit" },
} as const;

type OptionName = keyof typeof OPTION_TABLE;

type AnySpec = {
  readonly type: "boolean" | "string";
  readonly short?: string;
  readonly multiple?: boolean;
  readonly help: string;
};

/** Options that consume the next word as their value. */
function takesValue(table: Readonly<Record<string, AnySpec>>): Set<string> {
  const out = new Set<string>();
  for (const [name, spec] of Object.entries(table)) {
    if (spec.type === "string") {
      out.add(`--${name}`);
      if (spec.short !== undefined) out.add(`-${spec.short}`);
    }
  }
  return out;
}

/** The shared table plus a host's own options; a host option may not redefine a shared one. */
function mergedTable(hostOptions: Readonly<Record<string, HostOptionSpec>>): Record<string, AnySpec> {
  const table: Record<string, AnySpec> = { ...OPTION_TABLE };
  const shorts = new Set(Object.values(table).flatMap((s) => (s.short !== undefined ? [s.short] : [])));
  for (const [name, spec] of Object.entries(hostOptions)) {
    if (Object.hasOwn(table, name) || (spec.short !== undefined && shorts.has(spec.short))) {
      throw new Error(`host option --${name} clashes with a shared option`);
    }
    table[name] = spec;
  }
  return table;
}

/**
 * Splits argv into [host options, script, script args]. A word starting with
 * "-" before the script is an option; "--" ends options; "-" alone is not a
 * script we accept (stdin scripts would need a read grant on a pipe).
 */
function split(argv: readonly string[], TAKES_VALUE: ReadonlySet<string>): { opts: string[]; rest: string[] } {
  const opts: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") return { opts, rest: argv.slice(i + 1) };
    if (!a.startsWith("-") || a === "-") break;
    opts.push(a);
    // "--explain=json" and "-rcpu=1" carry their value; "-r cpu=1" does not.
    if (TAKES_VALUE.has(a)) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`option ${a} needs a value`);
      opts.push(v);
      i += 2;
      continue;
    }
    // Clustered short booleans such as -st: the last one may take a value.
    if (/^-[a-zA-Z]{2,}$/.test(a) && TAKES_VALUE.has(`-${a.at(-1)}`)) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`option -${a.at(-1)} needs a value`);
      opts.push(v);
      i += 2;
      continue;
    }
    i++;
  }
  return { opts, rest: argv.slice(i) };
}

export function parseCommandLine(
  argv: readonly string[],
  hostOptions: Readonly<Record<string, HostOptionSpec>> = {},
): ParsedCommandLine {
  const table = mergedTable(hostOptions);
  const { opts, rest } = split(argv, takesValue(table));
  // --explain=json is the one optional-value flag; parseArgs has no such type.
  let explain: CliOptions["explain"] = false;
  let trace: true | string | undefined;
  const filtered = opts.filter((o) => {
    if (o === "--explain=json") explain = "json";
    else if (o === "--explain=text") explain = "text";
    else if (o === "--explain=bpf") explain = "bpf";
    else if (o.startsWith("--explain="))
      throw new UsageError(`bad value for --explain: '${o.slice(10)}'`, "use text, json or bpf");
    else if (o.startsWith("--trace=")) {
      if (o.length === 8) throw new UsageError("--trace= needs a file name");
      trace = o.slice(8);
    } else return true;
    return false;
  });
  const config = Object.fromEntries(
    Object.entries(table).map(([k, v]) => [
      k,
      {
        type: v.type,
        ...(v.short !== undefined ? { short: v.short } : {}),
        ...(v.multiple !== undefined ? { multiple: v.multiple } : {}),
      },
    ]),
  ) as Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: filtered, options: config, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new UsageError(cleanParseArgsMessage((e as Error).message), "see --help");
  }
  const strings = (k: OptionName) => (values[k] as string[] | undefined) ?? [];
  const bool = (k: OptionName) => values[k] === true;
  if (explain === false && (bool("explain") || bool("dry-run"))) explain = "text";
  if (trace === undefined && bool("trace")) trace = true;
  const onViolation = (values["on-violation"] as string | undefined) ?? "kill";
  if (onViolation !== "kill" && onViolation !== "errno") {
    throw new UsageError(`bad value for --on-violation: '${onViolation}'`, "use kill or errno");
  }
  if (bool("report") && bool("no-report")) throw new UsageError("--report and --no-report contradict each other");
  for (const e of strings("env")) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/s.test(e))
      throw new UsageError(`bad --env value '${e}'`, "write NAME or NAME=VALUE");
  }
  for (const k of ["allow-read", "allow-write"] as const) {
    for (const p of strings(k)) if (p === "") throw new UsageError(`--${k} needs a non-empty path`);
  }
  const interpreter = values.interpreter as string | undefined;
  const options: CliOptions = {
    scriptDir: bool("allow-script-dir") || bool("allow-exec-script-dir"),
    tmp: bool("allow-tmp"),
    localtime: bool("allow-localtime"),
    execScriptDir: bool("allow-exec-script-dir"),
    rlimits: strings("rlimit").map(parseRlimitAssignment),
    inheritRlimits: bool("inherit-rlimits"),
    allowRead: strings("allow-read"),
    allowWrite: strings("allow-write"),
    env: strings("env"),
    explain,
    onViolation,
    ...(interpreter !== undefined ? { interpreter } : {}),
    bestEffort: bool("best-effort"),
    asRoot: bool("as-root"),
    ...(bool("no-report") ? { report: false } : bool("report") ? { report: true } : {}),
    ...(trace !== undefined ? { trace } : {}),
    ...(bool("learn") ? { learn: true } : {}),
    ...(bool("interactive") ? { interactive: true } : {}),
    ...(values.history !== undefined ? { history: values.history as string } : {}),
    help: bool("help"),
    version: bool("version"),
  };
  const [script, ...args] = rest;
  const hostValues: Record<string, HostOptionValue> = {};
  for (const name of Object.keys(hostOptions)) {
    const v = values[name] as HostOptionValue | undefined;
    if (v !== undefined) hostValues[name] = v;
  }
  const extra = Object.keys(hostOptions).length > 0 ? { hostOptions: hostValues } : {};
  return script === undefined ? { options, args: [], ...extra } : { options, script, args, ...extra };
}

/**
 * argv with some options left out (only before the script; option values are
 * never mistaken for options), the script and its arguments after "--".
 * The observers (--report, --trace, --learn) start the launcher again with it.
 */
export function removeOptions(
  argv: readonly string[],
  hostOptions: Readonly<Record<string, HostOptionSpec>>,
  drop: (word: string) => boolean,
): string[] {
  const takes = takesValue(mergedTable(hostOptions));
  const { opts, rest } = split(argv, takes);
  const out: string[] = [];
  for (let i = 0; i < opts.length; i++) {
    const w = opts[i]!;
    if (takes.has(w) || (/^-[a-zA-Z]{2,}$/.test(w) && takes.has(`-${w.at(-1)}`))) {
      out.push(w, opts[++i]!);
      continue;
    }
    if (!drop(w)) out.push(w);
  }
  return [...out, "--", ...rest];
}

function cleanParseArgsMessage(msg: string): string {
  // parseArgs appends advice meant for programs ("To specify a positional
  // argument starting with a '-', place it at the end..."); keep the first sentence.
  // Some messages span lines ("argument is ambiguous.\nDid you forget...").
  const first = (msg.split("\n")[0] ?? msg).split(". ")[0] ?? msg;
  return first.replace(/^Unknown option/, "unknown option").replace(/^Option/, "option");
}

/** The -h text, generated from OPTION_TABLE so it cannot drift. */
export function helpText(
  host: string,
  summary: string,
  hostOptions: Readonly<Record<string, HostOptionSpec>> = {},
  repl = false,
): string {
  const lines = [`usage: ${host} [OPTION]... SCRIPT [ARG]...`, "", summary, "", "options:"];
  // Hosts that run without a script (HostProfile.repl) say so on the second line.
  if (repl) {
    lines.splice(1, 0, `       ${host} [OPTION]... [-i]          an interactive prompt (stdin a terminal, or -i)`);
    lines.splice(2, 0, `       ${host} [OPTION]... [- [ARG]...]  the program read from stdin (a pipe, or "-")`);
  }
  for (const [name, spec] of Object.entries(mergedTable(hostOptions))) {
    const flag = spec.short !== undefined ? `-${spec.short}, --${name}` : `    --${name}`;
    const [arg, ...text] = spec.help.includes("  ") ? spec.help.split("  ") : ["", spec.help];
    lines.push(`  ${`${flag}${arg ? ` ${arg}` : ""}`.padEnd(34)} ${text.join("  ")}`);
  }
  lines.push(
    "",
    "exit status: the script's own; 2 if it has a syntax error or dies of an uncaught error;",
    "1 if the host refuses to run it; death by SIGSYS when it makes a forbidden system call.",
  );
  return lines.join("\n");
}
