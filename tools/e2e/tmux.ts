// Drives a host's interactive session the way a person would: a terminal
// (a tmux pane running an ordinary outer bash), keys typed into it, the
// screen read back. One tmux server per session, on its own socket in a
// fresh temp dir; for uid 65534 the server and every client command run
// through setpriv, so the pane's shell (and the host it starts) is that user.
// Nothing here measures time: waits poll the screen up to a generous deadline.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { User } from "./cases.js";

const AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
const DEADLINE_MS = 45_000;

export function haveTmux(): boolean {
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

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TmuxSession {
  /** A world-writable temp dir for this session (socket, history files, markers). */
  readonly dir: string;
  private readonly socket: string;

  constructor(
    private readonly user: User,
    env: Readonly<Record<string, string>> = {},
  ) {
    this.dir = mkdtempSync("/tmp/h-tmux-");
    chmodSync(this.dir, 0o777);
    this.socket = join(this.dir, "tmux.sock");
    // The outer shell: no startup files, a prompt the tests can find.
    this.tmux(["-f", "/dev/null", "new-session", "-d", "-x", "160", "-y", "50", "bash", "--norc", "--noprofile"], {
      PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: this.dir,
      PS1: "outer$ ",
      // The outer shell writes no history file into the dir as it exits.
      HISTFILE: "",
      TERM: "xterm",
      ...env,
    });
  }

  /** Waits for the outer shell's first prompt. */
  ready(): Promise<string> {
    return this.waitFor(/outer\$/);
  }

  private tmux(args: string[], env?: Record<string, string>): string {
    const argv = ["tmux", "-S", this.socket, ...args];
    const full = this.user === "root" ? argv : [...AS_NOBODY, ...argv];
    const r = spawnSync(full[0]!, full.slice(1), {
      encoding: "utf8",
      env: env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      timeout: 20_000,
    });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr || r.error}`);
    return r.stdout;
  }

  /** Types text literally (no key names), without Enter. */
  type(text: string): void {
    this.tmux(["send-keys", "-t", "0", "-l", text]);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    this.type(text);
    this.keys("Enter");
  }

  /** Presses keys by tmux name: "Enter", "C-d", "C-c", "Tab", "Up". */
  keys(...names: string[]): void {
    this.tmux(["send-keys", "-t", "0", ...names]);
  }

  /** The pane's text, scrollback included, wrapped lines joined, without the blank rows below. */
  screen(): string {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-2000", "-t", "0"]).replace(/\s+$/, "");
  }

  /** Polls the screen until it matches (a string: contains; a RegExp: tests); returns the screen. */
  async waitFor(want: string | RegExp, after = 0): Promise<string> {
    const end = Date.now() + DEADLINE_MS;
    let s = "";
    while (Date.now() < end) {
      s = this.screen().slice(after);
      if (typeof want === "string" ? s.includes(want) : want.test(s)) return s;
      await sleepMs(100);
    }
    throw new Error(`timed out waiting for ${String(want)}; the screen:\n${s}`);
  }

  /** How long the screen text is now: pass to waitFor to look only at what comes after. */
  mark(): number {
    return this.screen().length;
  }

  exists(name: string): boolean {
    return existsSync(join(this.dir, name));
  }

  close(): void {
    try {
      this.tmux(["kill-server"]);
    } catch {}
    // kill-server returns before the server has exited; it removes its socket
    // on the way out, and its panes may still write (history files) until
    // they get their SIGHUP. Wait for the socket to go, then remove with retries.
    for (let i = 0; i < 200 && existsSync(this.socket); i++) spawnSync("sleep", ["0.01"]);
    if (!process.env.H_KEEP_WORK) {
      rmSync(this.dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
    }
  }
}
