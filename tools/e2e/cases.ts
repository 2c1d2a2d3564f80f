// End-to-end cases are data: packages/<host>/test/cases/<name>/case.toml plus
// the script and any files it needs. This runner discovers them and runs each
// against the real, built launcher on the real kernel, once as root and once
// as uid 65534 (the users our users are).
//
// Every case gets a fresh work dir outside the temp dir (so -t never grants
// it) holding a secret and a canary. Whatever the case says, the runner checks
// afterwards that the secret was not printed (unless the case grants it) and
// that the canary and the work dir are untouched (unless the case may write).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { constants as osConstants } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { run, sleep, waitFor } from "./process.js";

export type User = "root" | "nobody";

export interface CaseSpec {
  readonly name: string;
  readonly dir: string;
  readonly description: string;
  /** Which restriction the case tries to break, for attack cases. */
  readonly attacks?: string;
  readonly options: readonly string[];
  readonly script: string;
  readonly args: readonly string[];
  readonly stdin?: string;
  readonly exit?: number;
  readonly signal?: string;
  readonly stdout: readonly string[];
  readonly stdoutNot: readonly string[];
  readonly stderr: readonly string[];
  readonly stderrNot: readonly string[];
  readonly users: readonly User[];
  readonly timeout: number;
  readonly secretMayPrint: boolean;
  readonly workMayChange: boolean;
  /**
   * The script's own error report may show interpreter-internal stack frames
   * (node prints `node:internal/...` frames in an uncaught error's stack),
   * which would otherwise look like the launcher's own stack trace.
   */
  readonly scriptStackMayPrint: boolean;
  readonly env: Readonly<Record<string, string>>;
  /**
   * Start a process outside the sandbox, as the same user, before the case
   * ({sleeper} is its pid); afterwards it must still be alive and unsignalled.
   */
  readonly sleeper: boolean;
  /** Files (relative to the work dir) that must exist afterwards with this content. */
  readonly expectFiles: Readonly<Record<string, string>>;
  /**
   * Open this file (placeholders allowed, e.g. "{secret}") read-only in the
   * runner and hand it to the launcher as fd 3: an inherited descriptor the
   * script must not be able to use.
   */
  readonly inheritFd?: string;
  /**
   * Start a listener OUTSIDE the sandbox before the case ({port} is its port
   * for tcp/udp on 127.0.0.1, {listener} its socket path or abstract name for
   * unix/abstract); afterwards it must have seen no connection or datagram.
   */
  readonly listener?: ListenerKind;
}

export type ListenerKind = "tcp" | "udp" | "unix" | "abstract";
const LISTENER_KINDS: readonly ListenerKind[] = ["tcp", "udp", "unix", "abstract"];

const list = (v: unknown, what: string): string[] => {
  if (v === undefined) return [];
  if (typeof v === "string") return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw new Error(`${what}: expected a string or a list of strings`);
};

export function loadCases(casesDir: string): CaseSpec[] {
  if (!existsSync(casesDir)) return [];
  return readdirSync(casesDir)
    .filter((n) => existsSync(join(casesDir, n, "case.toml")))
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const t = parse(readFileSync(join(dir, "case.toml"), "utf8")) as Record<string, unknown>;
      const known = new Set([
        "description",
        "attacks",
        "options",
        "script",
        "args",
        "stdin",
        "exit",
        "signal",
        "stdout",
        "stdout_not",
        "stderr",
        "stderr_not",
        "users",
        "timeout",
        "secret_may_print",
        "work_may_change",
        "script_stack_may_print",
        "env",
        "expect_files",
        "sleeper",
        "inherit_fd",
        "listener",
      ]);
      for (const k of Object.keys(t)) if (!known.has(k)) throw new Error(`${name}/case.toml: unknown key '${k}'`);
      if (typeof t.description !== "string") throw new Error(`${name}/case.toml: description is required`);
      if (t.exit === undefined && t.signal === undefined) throw new Error(`${name}/case.toml: say exit or signal`);
      if (t.listener !== undefined && !LISTENER_KINDS.includes(t.listener as ListenerKind))
        throw new Error(`${name}/case.toml: listener must be one of ${LISTENER_KINDS.join(", ")}`);
      if (t.inherit_fd !== undefined && typeof t.inherit_fd !== "string")
        throw new Error(`${name}/case.toml: inherit_fd must be a path`);
      const script =
        (t.script as string | undefined) ??
        readdirSync(dir).find((f) => f.startsWith("main.")) ??
        (() => {
          throw new Error(`${name}: no script (main.* or script = ...)`);
        })();
      return {
        name,
        dir,
        description: t.description,
        ...(typeof t.attacks === "string" ? { attacks: t.attacks } : {}),
        options: list(t.options, `${name} options`),
        script,
        args: list(t.args, `${name} args`),
        ...(typeof t.stdin === "string" ? { stdin: t.stdin } : {}),
        ...(typeof t.exit === "number" ? { exit: t.exit } : {}),
        ...(typeof t.signal === "string" ? { signal: t.signal } : {}),
        stdout: list(t.stdout, `${name} stdout`),
        stdoutNot: list(t.stdout_not, `${name} stdout_not`),
        stderr: list(t.stderr, `${name} stderr`),
        stderrNot: list(t.stderr_not, `${name} stderr_not`),
        users: (t.users as User[] | undefined) ?? ["root", "nobody"],
        timeout: (t.timeout as number | undefined) ?? 60,
        secretMayPrint: t.secret_may_print === true,
        workMayChange: t.work_may_change === true,
        scriptStackMayPrint: t.script_stack_may_print === true,
        env: (t.env as Record<string, string> | undefined) ?? {},
        sleeper: t.sleeper === true,
        expectFiles: (t.expect_files as Record<string, string> | undefined) ?? {},
        ...(typeof t.inherit_fd === "string" ? { inheritFd: t.inherit_fd } : {}),
        ...(t.listener !== undefined ? { listener: t.listener as ListenerKind } : {}),
      };
    });
}

export interface Outcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly secret: string;
  readonly envSecret: string;
  readonly work: string;
  readonly canaryBefore: string;
  readonly canaryAfter: string | undefined;
  readonly workBefore: string[];
  readonly workAfter: string[];
  /** For sleeper cases: whether it was still running, and the signal it died of if not. */
  readonly sleeperAlive?: boolean;
  readonly sleeperSignal?: string | null;
  /** Contents of the case's expect_files afterwards (undefined: missing). */
  readonly files: Readonly<Record<string, string | undefined>>;
  /** For listener cases: what the listener outside saw (one line per connection or datagram). */
  readonly listenerSaw?: readonly string[];
}

/** A listing of a directory tree with sizes, to tell whether anything changed. */
function snapshot(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    const st = statSync(p);
    out.push(`${prefix}${e} ${st.isDirectory() ? "dir" : st.size} ${st.mode.toString(8)}`);
    if (st.isDirectory()) out.push(...snapshot(p, `${prefix}${e}/`));
  }
  return out;
}

const WORK_ROOT = "/var/tmp";

export async function runCase(c: CaseSpec, host: string, deployDir: string, user: User): Promise<Outcome> {
  const work = mkdtempSync(join(WORK_ROOT, "h-case-"));
  let listener: Listener | undefined;
  try {
    // Everything is open to everyone at the DAC level, so that only the
    // sandbox can be what stops the script.
    chmodSync(work, 0o777);
    const secret = `SECRET-${randomBytes(8).toString("hex")}`;
    const envSecret = `ENVSECRET-${randomBytes(8).toString("hex")}`;
    mkdirSync(join(work, "home", ".aws"), { recursive: true });
    writeFileSync(join(work, "home", ".aws", "credentials"), `[default]\naws_secret_access_key = ${secret}\n`);
    const canaryBefore = `canary ${randomBytes(4).toString("hex")}\n`;
    writeFileSync(join(work, "canary.txt"), canaryBefore);
    cpSync(c.dir, join(work, "case"), { recursive: true });
    const chmodAll = (p: string) => {
      const st = statSync(p);
      // Executable files stay executable (for -x cases); nothing else is.
      chmodSync(p, st.isDirectory() || st.mode & 0o100 ? 0o777 : 0o666);
      if (st.isDirectory()) for (const e of readdirSync(p)) chmodAll(join(p, e));
    };
    chmodAll(work);
    const workBefore = snapshot(work);
    const sleeper = c.sleeper ? await startSleeper(user) : undefined;
    listener = c.listener ? await startListener(c.listener) : undefined;
    const nonce = randomBytes(6).toString("hex");
    const fill = (s: string) =>
      s
        .replaceAll("{nonce}", nonce)
        .replaceAll("{work}", work)
        .replaceAll("{secret}", join(work, "home", ".aws", "credentials"))
        .replaceAll("{home}", join(work, "home"))
        .replaceAll("{canary}", join(work, "canary.txt"))
        .replaceAll("{casedir}", join(work, "case"))
        .replaceAll("{tmp}", "/tmp")
        .replaceAll("{sleeper}", String(sleeper?.pid ?? 0))
        .replaceAll("{port}", String(listener?.port ?? 0))
        .replaceAll("{listener}", listener?.address ?? "");
    const bin = join(deployDir, host, "dist", "bin.js");
    const hostArgv = [process.execPath, bin, ...c.options.map(fill), join(work, "case", c.script), ...c.args.map(fill)];
    const argv =
      user === "root" ? hostArgv : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...hostArgv];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: join(work, "home"),
      H_TEST_ENV_SECRET: envSecret,
      ...Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fill(v)])),
    };
    const inherited = c.inheritFd ? openSync(fill(c.inheritFd), "r") : undefined;
    const r = await run(argv, {
      cwd: work,
      env,
      input: c.stdin ?? "",
      timeoutMs: c.timeout * 1000,
      ...(inherited !== undefined ? { extraFds: [inherited] } : {}),
    });
    if (inherited !== undefined) closeSync(inherited);
    const listenerSaw = listener ? await stopListener(listener) : undefined;
    listener = undefined;
    const canaryPath = join(work, "canary.txt");
    const sleeperState = sleeper ? await stopSleeper(sleeper) : undefined;
    return {
      code: r.status,
      signal: r.signal,
      stdout: r.stdout ?? "",
      stderr: r.stderr ?? "",
      secret,
      envSecret,
      work,
      canaryBefore,
      canaryAfter: existsSync(canaryPath) ? readFileSync(canaryPath, "utf8") : undefined,
      workBefore,
      workAfter: snapshot(work),
      ...(sleeperState ? { sleeperAlive: sleeperState.alive, sleeperSignal: sleeperState.signal } : {}),
      ...(listenerSaw ? { listenerSaw } : {}),
      files: Object.fromEntries(
        Object.keys(c.expectFiles).map((f) => {
          const p = fill(f);
          const content = existsSync(p) ? readFileSync(p, "utf8") : undefined;
          if (!p.startsWith(work)) rmSync(p, { force: true });
          return [f, content];
        }),
      ),
    };
  } finally {
    if (listener) await stopListener(listener);
    if (!process.env.H_KEEP_WORK) rmSync(work, { recursive: true, force: true });
  }
}

interface Sleeper {
  readonly pid: number;
  readonly statusFile: string;
  /** The detached shell's pid, which is also its process group. */
  readonly group: number;
}

/**
 * A `sleep` outside the sandbox, as the case's user (so that only the sandbox,
 * not permissions, can keep a signal from reaching it). A small shell records
 * how it ended: "exit N" or "signal NAME".
 */
async function startSleeper(user: User): Promise<Sleeper> {
  const statusFile = join(mkdtempSync(join(WORK_ROOT, "h-sleeper-")), "status");
  chmodSync(join(statusFile, ".."), 0o777);
  const sh = `sleep 120 & p=$!; echo $p > ${statusFile}.pid; wait $p; r=$?; if [ $r -gt 128 ]; then echo "signal $(kill -l $r)"; else echo "exit $r"; fi > ${statusFile}`;
  const argv =
    user === "root"
      ? ["sh", "-c", sh]
      : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "sh", "-c", sh];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: "ignore", detached: true });
  child.unref();
  // The shell's `echo $p > file` is not atomic: wait for a whole line.
  const pidText = () => (existsSync(`${statusFile}.pid`) ? readFileSync(`${statusFile}.pid`, "utf8") : "");
  await waitFor(() => pidText().endsWith("\n"), 5_000);
  const pid = Number(pidText());
  if (!Number.isInteger(pid) || pid <= 0)
    throw new Error(`the sleeper did not start (pid file: ${JSON.stringify(pidText())})`);
  return { pid, statusFile, group: child.pid ?? 0 };
}

async function stopSleeper(s: Sleeper): Promise<{ alive: boolean; signal: string | null }> {
  let alive = true;
  try {
    process.kill(s.pid, 0);
  } catch {
    alive = false;
  }
  if (!alive) await waitFor(() => existsSync(s.statusFile), 1_000);
  const status = existsSync(s.statusFile) ? readFileSync(s.statusFile, "utf8").trim() : "";
  // The shell and its sleep are one process group (spawned detached): end
  // both, so nothing writes into the directory while it is removed.
  try {
    if (s.group > 0) process.kill(-s.group, "SIGKILL");
  } catch {
    // already gone
  }
  const groupGone = () => {
    try {
      process.kill(-s.group, 0);
      return false;
    } catch {
      return true;
    }
  };
  await waitFor(groupGone, 1_000);
  rmSync(join(s.statusFile, ".."), { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  return { alive, signal: status.startsWith("signal ") ? status.slice(7) : null };
}

interface Listener {
  readonly pid: number;
  readonly dir: string;
  readonly port: number;
  readonly address: string;
}

// Runs in its own node process, apart from the runner: what it saw must not
// depend on how busy the runner's own event loop is. Every connection or
// datagram appends one line to <dir>/saw; "ready" says where.
const LISTENER_JS = `
const fs = require("node:fs"), net = require("node:net"), dgram = require("node:dgram");
const [kind, dir] = process.argv.slice(1);
const saw = (what) => fs.appendFileSync(dir + "/saw", what + "\\n");
const ready = (port, address) => { fs.writeFileSync(dir + "/ready.tmp", JSON.stringify({ port, address })); fs.renameSync(dir + "/ready.tmp", dir + "/ready"); };
if (kind === "udp") {
  const s = dgram.createSocket("udp4");
  s.on("message", (m) => saw("datagram " + m.length));
  s.bind(0, "127.0.0.1", () => ready(s.address().port, "127.0.0.1"));
} else {
  const srv = net.createServer((c) => { saw("connection"); c.on("data", (d) => saw("data " + d.length)); c.on("error", () => {}); });
  if (kind === "tcp") srv.listen(0, "127.0.0.1", () => ready(srv.address().port, "127.0.0.1"));
  else if (kind === "unix") { const p = dir + "/sock"; srv.listen(p, () => { fs.chmodSync(p, 0o777); ready(0, p); }); }
  else { const name = "h-e2e-" + process.pid; srv.listen("\\0" + name, () => ready(0, name)); }
}
setTimeout(() => process.exit(0), 300000);
`;

/** A listener outside the sandbox (as the runner's user; DAC is open: 0777 dir and socket). */
async function startListener(kind: ListenerKind): Promise<Listener> {
  const dir = mkdtempSync(join(WORK_ROOT, "h-listener-"));
  chmodSync(dir, 0o777);
  const child = spawn(process.execPath, ["-e", LISTENER_JS, kind, dir], { stdio: "ignore", detached: true });
  child.unref();
  const ready = join(dir, "ready");
  if (!(await waitFor(() => existsSync(ready), 10_000))) {
    process.kill(child.pid!, "SIGKILL");
    throw new Error(`the ${kind} listener did not start`);
  }
  const { port, address } = JSON.parse(readFileSync(ready, "utf8")) as { port: number; address: string };
  return { pid: child.pid!, dir, port, address };
}

async function stopListener(l: Listener): Promise<string[]> {
  // A connection racing the exit may still be in the accept queue: give it a moment.
  await sleep(50);
  const p = join(l.dir, "saw");
  const saw = existsSync(p) ? readFileSync(p, "utf8").split("\n").filter(Boolean) : [];
  try {
    process.kill(l.pid, "SIGKILL");
  } catch {}
  rmSync(l.dir, { recursive: true, force: true });
  return saw;
}

/** What the reporting process says when it stops a script. */
const REPORTED = "the script was stopped: it made a system call";

/** Every failed expectation, in words; empty when the case passed. */
export function judge(c: CaseSpec, o: Outcome): string[] {
  const bad: string[] = [];
  const signum = (name: string) => (osConstants.signals as Record<string, number>)[name];
  // Without a reporter: --no-report, and --trace/--learn (strace names the calls there).
  const reported = !c.options.some((o) => o === "--no-report" || o === "--learn" || o.startsWith("--trace"));
  if (c.signal === "SIGSYS" && reported) {
    // A refused call is named by the reporting process (core/src/report/),
    // which ends the caller with SIGSYS, or with SIGKILL when the caller has
    // SIGSYS blocked, ignored or caught (glibc's posix_spawn blocks it).
    if (!o.stderr.includes(REPORTED)) bad.push(`stderr lacks the reporter's ${JSON.stringify(REPORTED)}`);
    if (o.signal !== "SIGSYS" && o.signal !== "SIGKILL")
      bad.push(`expected death by SIGSYS (or SIGKILL from the reporter), got code=${o.code} signal=${o.signal}`);
  } else if (c.signal !== undefined) {
    if (o.signal !== c.signal)
      bad.push(`expected death by ${c.signal} (${signum(c.signal)}), got code=${o.code} signal=${o.signal}`);
  } else if (o.code !== c.exit || o.signal !== null) {
    bad.push(`expected exit ${c.exit}, got code=${o.code} signal=${o.signal}`);
  }
  for (const s of c.stdout) if (!o.stdout.includes(s)) bad.push(`stdout lacks ${JSON.stringify(s)}`);
  for (const s of c.stdoutNot) if (o.stdout.includes(s)) bad.push(`stdout has ${JSON.stringify(s)}`);
  for (const s of c.stderr) if (!o.stderr.includes(s)) bad.push(`stderr lacks ${JSON.stringify(s)}`);
  for (const s of c.stderrNot) if (o.stderr.includes(s)) bad.push(`stderr has ${JSON.stringify(s)}`);
  const out = o.stdout + o.stderr;
  if (!c.secretMayPrint && out.includes(o.secret)) bad.push("the secret file's content was printed");
  if (out.includes(o.envSecret)) bad.push("an environment variable of the launcher reached the script");
  if (!c.workMayChange) {
    if (o.canaryAfter !== o.canaryBefore) bad.push("the canary file was changed or removed");
    const before = new Set(o.workBefore);
    const after = new Set(o.workAfter);
    for (const e of after) if (!before.has(e)) bad.push(`work dir changed: ${e}`);
    for (const e of before) if (!after.has(e)) bad.push(`work dir lost: ${e}`);
  }
  if (c.sleeper && !o.sleeperAlive) {
    bad.push(`the process outside the sandbox was killed (${o.sleeperSignal ?? "ended"})`);
  }
  if (c.listener && (o.listenerSaw?.length ?? 0) > 0) {
    bad.push(`the ${c.listener} listener outside the sandbox saw: ${o.listenerSaw!.join(", ")}`);
  }
  for (const [f, want] of Object.entries(c.expectFiles)) {
    if (o.files[f] !== want) bad.push(`${f}: expected ${JSON.stringify(want)}, found ${JSON.stringify(o.files[f])}`);
  }
  const launcherFrames = c.scriptStackMayPrint ? /dist\/bin\.js/ : /node:internal|dist\/bin\.js/;
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(o.stderr) && launcherFrames.test(o.stderr)) {
    bad.push("the launcher printed a JavaScript stack trace");
  }
  return bad;
}

export function describeOutcome(o: Outcome): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);
  return `code=${o.code} signal=${o.signal}\n--- stdout\n${cut(o.stdout)}\n--- stderr\n${cut(o.stderr)}`;
}
