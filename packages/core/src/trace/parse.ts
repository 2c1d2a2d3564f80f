// Reading `strace -f -o FILE` output (pure). Lines look like
//   1234  openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
//   1234  execve("/usr/bin/lua5.4", [...], 0x... /* 0 vars */ <unfinished ...>
//   1234  <... execve resumed>)             = 0
//   1234  --- SIGXCPU {si_signo=SIGXCPU, ...} ---
//   1234  +++ killed by SIGSYS (core dumped) +++
// A call the seccomp filter kills shows as the last call of its pid, with a
// meaningless return value, followed by "killed by SIGSYS".

export interface TraceCall {
  readonly pid: number;
  readonly syscall: string;
  /** The argument text as strace printed it. */
  readonly args: string;
  /** "0", "-1", "?", "0x7f..."; errno separately. */
  readonly ret: string;
  readonly errno?: string;
  /** Position in the trace (line order). */
  readonly seq: number;
}

export interface TraceEnd {
  readonly pid: number;
  readonly exit?: number;
  readonly signal?: string;
  readonly seq: number;
}

export interface TraceSignal {
  readonly pid: number;
  readonly signal: string;
  readonly seq: number;
}

export interface ParsedTrace {
  readonly calls: readonly TraceCall[];
  readonly ends: readonly TraceEnd[];
  readonly signals: readonly TraceSignal[];
}

const CALL = /^([a-z0-9_]+)\((.*)\)\s+=\s+(\S+)(?:\s+(E[A-Z0-9]+))?/s;

/** What straceLineParser reports, each as its line is read. */
export interface StraceHandlers {
  readonly onCall?: (call: TraceCall) => void;
  readonly onEnd?: (end: TraceEnd) => void;
  readonly onSignal?: (signal: TraceSignal) => void;
}

/**
 * Reads a trace one line at a time (a trace of hundreds of megabytes need not
 * be held in memory): returns the function to feed each line to. A call split
 * into "<unfinished ...>" and "<... resumed>" is reported once, when it resumes.
 */
export function straceLineParser(handlers: StraceHandlers): (line: string) => void {
  const { onCall, onEnd, onSignal } = handlers;
  const pending = new Map<number, string>();
  let seq = 0;
  return (raw) => {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) return;
    const pid = Number(m[1]);
    let line = m[2]!;
    seq++;
    if (line.startsWith("+++ ")) {
      const ex = /^\+\+\+ exited with (\d+) \+\+\+/.exec(line);
      const k = /^\+\+\+ killed by (SIG[A-Z0-9]+)/.exec(line);
      if (ex) onEnd?.({ pid, exit: Number(ex[1]), seq });
      else if (k) onEnd?.({ pid, signal: k[1]!, seq });
      return;
    }
    if (line.startsWith("--- ")) {
      const s = /^--- (SIG[A-Z0-9]+)/.exec(line);
      if (s) onSignal?.({ pid, signal: s[1]!, seq });
      return;
    }
    const resumed = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/s.exec(line);
    if (resumed) {
      const head = pending.get(pid);
      pending.delete(pid);
      if (head === undefined) return;
      line = head + resumed[2]!;
    } else if (line.endsWith("<unfinished ...>")) {
      pending.set(pid, line.slice(0, -"<unfinished ...>".length).trimEnd());
      return;
    }
    const c = CALL.exec(line);
    if (!c) return;
    onCall?.({
      pid,
      syscall: c[1]!,
      args: c[2]!,
      ret: c[3]!,
      ...(c[4] !== undefined ? { errno: c[4] } : {}),
      seq,
    });
  };
}

export function parseStrace(text: string): ParsedTrace {
  const calls: TraceCall[] = [];
  const ends: TraceEnd[] = [];
  const signals: TraceSignal[] = [];
  const feed = straceLineParser({
    onCall: (c) => calls.push(c),
    onEnd: (e) => ends.push(e),
    onSignal: (s) => signals.push(s),
  });
  for (const raw of text.split("\n")) feed(raw);
  return { calls, ends, signals };
}

/** Splits strace's argument text at top-level commas. */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (inStr) {
      cur += ch;
      if (ch === "\\") cur += s[++i] ?? "";
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    if ("{[(".includes(ch)) depth++;
    if ("}])".includes(ch)) depth--;
    if (ch === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** The first quoted string of the arguments (the path, for path calls). */
export function firstPath(args: string): string | undefined {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(args);
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]!}"`) as string;
  } catch {
    return m[1];
  }
}

/**
 * The part of the trace that is the interpreter: from the launcher's own
 * successful execve of `interpreter` on, that pid and every process or
 * thread it creates.
 * (Before it, the trace is the Node launcher confining itself.)
 */
export function interpreterPart(t: ParsedTrace, interpreter: string): ParsedTrace & { readonly pid?: number } {
  // The launcher execs the interpreter in its own pid (the first pid of the
  // trace); an execve of the same binary by another pid is the launcher's
  // discovery (e.g. hpython asking Python for its paths), not the script.
  const root = t.calls[0]?.pid;
  const start = t.calls.find(
    (c) => c.pid === root && c.syscall === "execve" && c.ret === "0" && firstPath(c.args) === interpreter,
  );
  if (start === undefined) return { calls: [], ends: [], signals: [] };
  const pids = new Set([start.pid]);
  const calls: TraceCall[] = [];
  for (const c of t.calls) {
    if (c.seq < start.seq || !pids.has(c.pid)) continue;
    calls.push(c);
    if (/^(clone|clone3|fork|vfork)$/.test(c.syscall) && /^\d+$/.test(c.ret) && Number(c.ret) > 0) {
      // strace prints the new pid for a real clone; a killed clone shows its syscall number
      // and is followed by "killed by", which the caller sees.
      pids.add(Number(c.ret));
    }
  }
  const keep = <T extends { pid: number; seq: number }>(xs: readonly T[]) =>
    xs.filter((x) => x.seq >= start.seq && pids.has(x.pid));
  return { calls, ends: keep(t.ends), signals: keep(t.signals), pid: start.pid };
}
