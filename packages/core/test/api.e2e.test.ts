// The programmatic API end to end: the built hosts' dist/index.js (spawn,
// run, runCode), run as whoever runs the suite. Never asserts wall-clock
// times: a timeout is checked by its effect (killed, flagged), not its speed.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HostApi } from "../src/api/index.js";

const REPO = join(import.meta.dirname, "..", "..", "..");
const load = async (host: string): Promise<HostApi> => {
  const p = join(REPO, "packages", host, "dist", "index.js");
  if (!existsSync(p)) throw new Error(`${host} is not built: run pnpm build first`);
  return (await import(p)) as HostApi;
};

const work = mkdtempSync(join(tmpdir(), "h-api-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasLua = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].some(existsSync);

describe.skipIf(!hasLua)("hlua API", () => {
  it("run: exit status, stdout, stderr, args", async () => {
    const { run } = await load("hlua");
    const f = join(work, "a.lua");
    writeFileSync(f, 'io.stdout:write(table.concat(arg, ",")) io.stderr:write("err") os.exit(7)');
    const r = await run(f, ["x", "y z"]);
    expect(r).toMatchObject({
      code: 7,
      signal: null,
      stdout: "x,y z",
      stderr: "err",
      timedOut: false,
      truncated: false,
    });
    expect(r.violation).toBeUndefined();
  });

  it("runCode: env values reach the script, the temp file is removed", async () => {
    const { runCode } = await load("hlua");
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith("hlua-code-")));
    const r = await runCode('print(os.getenv("GREETING"), os.getenv("PATH"), arg[0] ~= nil)', {
      env: { GREETING: "hi there" },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hi there\tnil\ttrue\n");
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith("hlua-code-") && !before.has(n));
    expect(after).toEqual([]);
  });

  it("timeout: an endless loop is killed and reported", async () => {
    const { runCode } = await load("hlua");
    const r = await runCode("while true do end", { timeout: 500, rlimits: { cpu: 60 } });
    expect(r).toMatchObject({ timedOut: true, signal: "SIGKILL", code: null });
  });

  it("maxOutputBytes: output is cut at the cap and the script killed", async () => {
    const { runCode } = await load("hlua");
    const r = await runCode('while true do io.write(string.rep("x", 1000)) io.stderr:write("e") end', {
      maxOutputBytes: 4096,
    });
    expect(r.truncated).toBe(true);
    expect(r.signal).toBe("SIGKILL");
    expect(r.stdout.length + r.stderr.length).toBe(4096);
  });

  it("the sandbox holds: reading outside the grants fails, --allow-read opens a path", async () => {
    const { runCode } = await load("hlua");
    const secret = join(work, "secret.txt");
    writeFileSync(secret, "s3cret");
    const src = `local f, e = io.open(${JSON.stringify(secret)}) print(f and f:read("a") or "denied")`;
    expect((await runCode(src)).stdout).toBe("denied\n");
    expect((await runCode(src, { allowRead: [secret] })).stdout).toBe("s3cret\n");
  });

  it("spawn: stdio pipes and the exited promise", async () => {
    const { spawn } = await load("hlua");
    const f = join(work, "echo.lua");
    writeFileSync(f, 'for l in io.lines() do print("got " .. l) end');
    const p = spawn(f);
    const chunks: Buffer[] = [];
    p.stdout.on("data", (c: Buffer) => chunks.push(c));
    p.stdin.end("one\ntwo\n");
    const info = await p.exited;
    expect(info.code).toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe("got one\ngot two\n");
    expect(typeof p.pid).toBe("number");
  });

  it("spawn: kill() ends the script", async () => {
    const { spawn } = await load("hlua");
    const f = join(work, "wait.lua");
    writeFileSync(f, "io.read() print('never')");
    const p = spawn(f);
    await new Promise((r) => p.once("spawn", r));
    expect(p.kill()).toBe(true);
    const info = await p.exited;
    expect(info.signal).toBe("SIGKILL");
  });

  it("a refusal by the launcher is exit 1 with its message", async () => {
    const { run } = await load("hlua");
    const r = await run(join(work, "missing.lua"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("hlua: cannot open script");
  });
});

describe("hpython API", () => {
  // mount, made raw through ctypes: a call no host allows and none answers
  // (socket() and chroot() are answered with errnos, so that feature probes
  // fall back instead of dying).
  const MOUNT =
    'import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nmount = lambda: libc.syscall(165, b"none", b"/mnt", b"tmpfs", 0, 0)\n';
  it("a violation (mount) is reported as death by SIGSYS, and named on stderr", async () => {
    const { runCode } = await load("hpython");
    const r = await runCode(`${MOUNT}print("before", flush=True)\nmount()\nprint("after")`);
    expect(r.signal).toBe("SIGSYS");
    expect(r.violation).toMatchObject({ kind: "seccomp", signal: "SIGSYS" });
    expect(r.stdout).toBe("before\n");
    expect(r.stderr).toContain("hpython: the script was stopped");
  });

  it("--on-violation=errno turns the same call into an error", async () => {
    const { runCode } = await load("hpython");
    const r = await runCode(`${MOUNT}print("refused", mount(), ctypes.get_errno())`, { onViolation: "errno" });
    expect(r).toMatchObject({ code: 0, stdout: "refused -1 1\n" });
    expect(r.violation).toBeUndefined();
  });

  it("timeout kills a sleeping script", async () => {
    const { runCode } = await load("hpython");
    const r = await runCode("import time\ntime.sleep(60)", { timeout: 500 });
    expect(r).toMatchObject({ timedOut: true, signal: "SIGKILL" });
  });

  it("input reaches stdin", async () => {
    const { runCode } = await load("hpython");
    const r = await runCode("import sys\nprint(sys.stdin.read().upper())", { input: "abc" });
    expect(r.stdout).toBe("ABC\n");
  });
});

describe("hnode and hsh API", () => {
  it("hnode runCode", async () => {
    const { runCode } = await load("hnode");
    const r = await runCode("console.log(1 + 1); process.exitCode = 4");
    expect(r).toMatchObject({ code: 4, stdout: "2\n" });
  });

  it("hsh runCode, and the timeout kills the whole process group", async () => {
    const { runCode, spawn } = await load("hsh");
    expect((await runCode('echo "$1"', { args: ["hey"] })).stdout).toBe("hey\n");
    const f = join(work, "bg.sh");
    writeFileSync(f, "while :; do :; done &\nwait");
    const p = spawn(f, [], { timeout: 500 });
    p.stdin.end();
    const info = await p.exited;
    expect(info.timedOut).toBe(true);
    // Nothing of the group is left running: the background loop died with the
    // shell. (A killed member may linger as a zombie until pid 1 reaps it,
    // and kill(-pgid, 0) still finds zombies, so look at their states.)
    // SIGKILL is delivered at once but a busy member needs a moment to exit.
    for (let i = 0; i < 40 && liveMembersOfGroup(p.pid as number).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(liveMembersOfGroup(p.pid as number)).toEqual([]);
  });
});

/** Pids in process group `pgid` that are not zombies (from /proc/<pid>/stat). */
function liveMembersOfGroup(pgid: number): number[] {
  const live: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, "utf8");
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") live.push(Number(e));
  }
  return live;
}
