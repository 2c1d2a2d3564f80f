// Drives a host's interactive session the way a person would: a terminal
// (a tmux pane running an ordinary outer bash), keys typed into it, the
// screen read back. One tmux server per session, on its own socket in a
// fresh temp dir; for uid 65534 the server and every client command run
// through setpriv, so the pane's shell (and the host it starts) is that user.
// Nothing here measures time: waits poll the screen up to a generous deadline.
// Every tmux command runs asynchronously (process.ts says why).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { User } from "./cases.js";
import { bound, run, sleep, waitFor } from "./process.js";

const AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
const DEADLINE_MS = 45_000;

/** Asked once, while vitest collects the tests (a `-V` is instant). */
export function haveTmux(): boolean {
  // sync-ok: `tmux -V` answers at once, and this runs while tests are collected.
  return spawnSync("tmux", ["-V"], { stdio: "ignore" }).status === 0;
}

/** Whether the kernel lets unprivileged processes use TIOCSTI at all (Linux ≥ 6.2 may not). */
export function legacyTiocsti(): boolean {
  try {
    return readFileSync("/proc/sys/dev/tty/legacy_tiocsti", "utf8").trim() === "1";
  } catch {
    return true; // older kernels: always allowed
  }
}

export class TmuxSession {
  /** A world-writable temp dir for this session (socket, history files, markers). */
  readonly dir: string;
  private readonly socket: string;

  private constructor(private readonly user: User) {
    this.dir = mkdtempSync("/tmp/h-tmux-");
    chmodSync(this.dir, 0o777);
    this.socket = join(this.dir, "tmux.sock");
  }

  /** A new terminal whose pane runs an outer bash as `user`. */
  static async open(user: User, env: Readonly<Record<string, string>> = {}): Promise<TmuxSession> {
    const t = new TmuxSession(user);
    // The outer shell: no startup files, a prompt the tests can find.
    await t.tmux(["-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "50", "bash", "--norc", "--noprofile"], {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: t.dir,
      PS1: "outer$ ",
      // The outer shell writes no history file into the dir as it exits.
      HISTFILE: "",
      TERM: "xterm",
      ...env,
    });
    return t;
  }

  /** Waits for the outer shell's first prompt. */
  ready(): Promise<string> {
    return this.waitFor(/outer\$/);
  }

  private async tmux(args: string[], env?: Record<string, string>): Promise<string> {
    const argv = ["tmux", "-S", this.socket, ...args];
    const full = this.user === "root" ? argv : [...AS_NOBODY, ...argv];
    const r = await run(full, { env: env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeoutMs: 20_000 });
    if (r.status !== 0)
      throw new Error(`tmux ${args[0]} failed: ${r.stderr || `status ${r.status} signal ${r.signal}`}`);
    return r.stdout;
  }

  /** Types text literally (no key names), without Enter. */
  async type(text: string): Promise<void> {
    await this.tmux(["send-keys", "-t", "0", "-l", text]);
  }

  /** Types a line and presses Enter. */
  async line(text: string): Promise<void> {
    await this.type(text);
    await this.keys("Enter");
  }

  /** Presses keys by tmux name: "Enter", "C-d", "C-c", "Tab", "Up". */
  async keys(...names: string[]): Promise<void> {
    await this.tmux(["send-keys", "-t", "0", ...names]);
  }

  /** The pane's text, scrollback included, wrapped lines joined, without the blank rows below. */
  async screen(): Promise<string> {
    return (await this.tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", "0"])).replace(/\s+$/, "");
  }

  /** Polls the screen until it matches (a string: contains; a RegExp: tests); returns the screen. */
  async waitFor(want: string | RegExp, after = 0): Promise<string> {
    const end = Date.now() + bound(DEADLINE_MS);
    let s = "";
    while (Date.now() < end) {
      s = (await this.screen()).slice(after);
      if (typeof want === "string" ? s.includes(want) : want.test(s)) return s;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${String(want)}; the screen:\n${s}`);
  }

  /** How long the screen text is now: pass to waitFor to look only at what comes after. */
  async mark(): Promise<number> {
    return (await this.screen()).length;
  }

  exists(name: string): boolean {
    return existsSync(join(this.dir, name));
  }

  async close(): Promise<void> {
    try {
      await this.tmux(["kill-server"]);
    } catch {}
    // kill-server returns before the server has exited; it removes its socket
    // on the way out, and its panes may still write (history files) until
    // they get their SIGHUP. Wait for the socket to go, then remove with retries.
    await waitFor(() => !existsSync(this.socket), 2_000);
    if (!process.env.H_KEEP_WORK) {
      rmSync(this.dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    }
  }
}
