// The reporting process (core/src/report/), end to end with the built hpython,
// whose ctypes can make any system call: a refused call is named on the
// script's stderr, with what would allow it, and the script dies of SIGSYS as
// it would without a reporter; --no-report is silent; --on-violation errno
// names each refused call once and lets the script go on. [attacks: catching
// SIGSYS, refusing from a thread, looking for the listener]. As root and as
// uid 65534.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../../tools/e2e/deploy.js";
import { bound, run, waitFor } from "../../../tools/e2e/process.js";

const isRoot = process.getuid?.() === 0;
let deployed: string;
let work: string;

const MOUNT = `import ctypes
libc = ctypes.CDLL(None, use_errno=True)
def mount():
    return libc.syscall(165, b"none", b"/mnt", b"tmpfs", 0, 0)
`;

const SCRIPTS: Record<string, string> = {
  "refused.py": `${MOUNT}print("before", flush=True)\nr = mount()\nprint("after", r, ctypes.get_errno(), flush=True)\n`,
  "refused-thrice.py": `${MOUNT}for _ in range(3):\n    print("r", mount(), ctypes.get_errno(), flush=True)\nprint("done")\n`,
  "catches-sigsys.py": `${MOUNT}import signal\nsignal.signal(signal.SIGSYS, lambda *a: print("caught", flush=True))\nsignal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGSYS])\nprint("before", flush=True)\nmount()\nprint("survived", flush=True)\n`,
  "from-thread.py": `${MOUNT}import threading, time\nt = threading.Thread(target=mount)\nt.start()\ntime.sleep(5)\nprint("main survived", flush=True)\n`,
  "sleeps.py": `import time\nprint("up", flush=True)\ntime.sleep(3)\n`,
};

beforeAll(() => {
  deployed = deploy(["hpython", "hsh"]);
  work = mkdtempSync("/var/tmp/h-reporter-");
  chmodSync(work, 0o755);
  for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(work, name), text, { mode: 0o644 });
  // bash may signal (hsh); the reporter, started just after the launcher, has
  // a pid a little above the script's. Signal 0 goes through the same checks
  // as SIGKILL (Landlock's signal scope included) and harms nothing if they
  // failed.
  writeFileSync(
    join(work, "kills-reporter.sh"),
    'for ((p = $$ + 1; p < $$ + 200; p++)); do kill -0 "$p" 2>/dev/null && echo "reachable $p"; done\necho done\n',
    { mode: 0o644 },
  );
}, 120_000);
afterAll(() => {
  rmSync(deployed, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const bin = () => join(deployed, "hpython", "dist", "bin.js");
const asUser = (unprivileged: boolean, argv: string[]) =>
  unprivileged && isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv] : argv;
const env = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin" });

async function hpython(args: string[], script: string, unprivileged: boolean) {
  return run(asUser(unprivileged, [process.execPath, bin(), ...args, join(work, script)]), {
    env: env(),
    timeoutMs: 60_000,
  });
}

/** Live processes whose environment names the reporter variable. */
function reporters(): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/environ`, "latin1").includes("H_INTERNAL_REPORTER=")) out.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

for (const unprivileged of isRoot ? [false, true] : [false]) {
  describe(`the reporting process${unprivileged ? " as uid 65534" : ""}`, () => {
    it("names a refused call and what would allow it, before the script dies of SIGSYS", async () => {
      const r = await hpython([], "refused.py", unprivileged);
      expect(r.signal, r.stderr).toBe("SIGSYS");
      expect(r.stdout).toBe("before\n");
      expect(r.stderr).toContain("hpython: the script was stopped: it made a system call hpython does not allow");
      expect(r.stderr).toMatch(/hpython: {3}mount\(0x[0-9a-f]+, "\/mnt", .*\[syscall 165\]/);
      expect(r.stderr).toContain("hpython:   no promise allows mount");
    });

    it("--no-report: the same death, and nothing named", async () => {
      const r = await hpython(["--no-report"], "refused.py", unprivileged);
      expect(r.signal).toBe("SIGSYS");
      expect(r.stdout).toBe("before\n");
      expect(r.stderr).not.toContain("the script was stopped");
      expect(r.stderr).not.toContain("mount");
    });

    it("--on-violation errno: EPERM, the script goes on, each refused call named once", async () => {
      const r = await hpython(["--on-violation", "errno"], "refused-thrice.py", unprivileged);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe("r -1 1\nr -1 1\nr -1 1\ndone\n");
      expect(r.stderr.match(/refused with EPERM \(--on-violation errno\): mount\(/g)).toHaveLength(1);
    });

    it("[attacks: catching and blocking SIGSYS] the script still dies, and never runs past the call", async () => {
      const r = await hpython([], "catches-sigsys.py", unprivileged);
      expect(r.stdout).toBe("before\n");
      expect(["SIGSYS", "SIGKILL"]).toContain(r.signal);
      expect(r.stderr).toContain("the script was stopped");
    });

    it("[attacks: a refused call from a thread] the whole process dies, not the thread alone", async () => {
      const r = await hpython([], "from-thread.py", unprivileged);
      expect(r.signal).toBe("SIGSYS");
      expect(r.stdout).not.toContain("main survived");
      expect(r.stderr).toContain("mount(");
    });

    it("[attacks: killing the reporter] a script cannot signal it (Landlock's signal scope)", async () => {
      const argv = [process.execPath, join(deployed, "hsh", "dist", "bin.js"), join(work, "kills-reporter.sh")];
      const r = await run(asUser(unprivileged, argv), { env: env(), timeoutMs: 60_000 });
      expect(r.stdout, r.stderr).not.toContain("reachable");
      // Either bash went through every pid and was refused (EPERM), or the
      // filter refused kill itself and the reporter stopped the script.
      if (r.status === 0) expect(r.stdout).toBe("done\n");
      else expect(r.stderr).toContain("the script was stopped");
    });

    it("[attacks: looking for the listener] the interpreter holds no listener; the reporter holds no stdio, and leaves with the script", async () => {
      const [cmd, ...args] = asUser(unprivileged, [process.execPath, bin(), join(work, "sleeps.py")]);
      const child = spawn(cmd as string, args, { env: env(), stdio: ["ignore", "pipe", "pipe"] });
      const exited = new Promise<void>((done) => child.on("close", () => done()));
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      try {
        expect(await waitFor(() => out.includes("up"), bound(20_000))).toBe(true);
        // setpriv execs node: the launcher, now python, is child.pid either way.
        const interpreter = child.pid as number;
        const fds = (pid: number) =>
          readdirSync(`/proc/${pid}/fd`).map((fd) => {
            try {
              return readlinkSync(`/proc/${pid}/fd/${fd}`);
            } catch {
              return "";
            }
          });
        expect(fds(interpreter).filter((l) => l.includes("seccomp"))).toEqual([]);
        const kids = readFileSync(`/proc/${interpreter}/task/${interpreter}/children`, "utf8").trim().split(/\s+/);
        const reporter = kids.map(Number).find((p) => reporters().includes(p));
        expect(reporter, "the reporter is the interpreter's child").toBeDefined();
        // It may still be booting: the listener is in flight until it takes it.
        const holdsListener = () => fds(reporter as number).some((l) => l.includes("seccomp"));
        expect(await waitFor(holdsListener, bound(20_000))).toBe(true);
        const held = fds(reporter as number);
        const stderrPipe = readlinkSync(`/proc/${interpreter}/fd/2`);
        expect(held).not.toContain(stderrPipe);
        await exited;
        expect(await waitFor(() => !reporters().includes(reporter as number), bound(10_000))).toBe(true);
      } finally {
        child.kill("SIGKILL");
        await exited;
      }
    });
  });
}
