// Reading `strace -f -o FILE` output, one line at a time.
//
// A port of packages/core/src/trace/parse.ts (same line grammar, same
// handling of "<unfinished ...>" / "<... resumed>", same splitArgs and
// firstPath), made incremental so a corpus trace of hundreds of megabytes is
// never held in memory. @hsandbox/core bundles parseStrace but does not
// export it; if it ever does, this file should import it instead.
//
//   1234  openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
//   1234  execve("/usr/bin/lua5.4", [...], 0x... /* 0 vars */ <unfinished ...>
//   1234  <... execve resumed>)             = 0
//   1234  --- SIGXCPU {si_signo=SIGXCPU, ...} ---
//   1234  +++ killed by SIGSYS (core dumped) +++
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

const CALL = /^([a-z0-9_]+)\((.*)\)\s+=\s+(\S+)(?:\s+(E[A-Z0-9]+))?/s;

/** Feeds lines; calls onCall({pid, syscall, args, ret, errno}), onEnd({pid, exit|signal}), onSignal({pid, signal}). */
export function straceLineParser({ onCall, onEnd = () => {}, onSignal = () => {} }) {
  const pending = new Map();
  return (raw) => {
    const m = /^(\d+)\s+(.*)$/.exec(raw);
    if (!m) return;
    const pid = Number(m[1]);
    let line = m[2];
    if (line.startsWith("+++ ")) {
      const ex = /^\+\+\+ exited with (\d+) \+\+\+/.exec(line);
      const k = /^\+\+\+ killed by (SIG[A-Z0-9]+)/.exec(line);
      if (ex) onEnd({ pid, exit: Number(ex[1]) });
      else if (k) onEnd({ pid, signal: k[1] });
      return;
    }
    if (line.startsWith("--- ")) {
      const s = /^--- (SIG[A-Z0-9]+)/.exec(line);
      if (s) onSignal({ pid, signal: s[1] });
      return;
    }
    const resumed = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/s.exec(line);
    if (resumed) {
      const head = pending.get(pid);
      pending.delete(pid);
      if (head === undefined) return;
      line = head + resumed[2];
    } else if (line.endsWith("<unfinished ...>")) {
      pending.set(pid, line.slice(0, -"<unfinished ...>".length).trimEnd());
      return;
    }
    const c = CALL.exec(line);
    if (!c) return;
    onCall({ pid, syscall: c[1], args: c[2], ret: c[3], ...(c[4] !== undefined ? { errno: c[4] } : {}) });
  };
}

/** Parses a whole trace file as a stream. */
export async function parseStraceFile(file, handlers) {
  const feed = straceLineParser(handlers);
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) feed(line);
}

/** Splits strace's argument text at top-level commas. */
export function splitArgs(s) {
  const out = [];
  let depth = 0;
  let cur = "";
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
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
export function firstPath(args) {
  const m = /"((?:[^"\\]|\\.)*)"/.exec(args);
  if (!m) return undefined;
  try {
    return JSON.parse(`"${m[1]}"`);
  } catch {
    return m[1];
  }
}
