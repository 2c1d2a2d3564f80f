// Which memory limit a failed allocation ran into (pure). A private writable
// mapping (the heap: brk, malloc's mmap) counts against RLIMIT_DATA and
// RLIMIT_AS; any other mapping only against RLIMIT_AS. Which of the two binds
// depends on how much of each was in use, so this replays the trace's
// mappings (mmap, munmap, mprotect, mremap, brk) per address space. The
// kernel's own mappings at execve (the program's segments, its stack) are not
// in the trace: the estimate is low by those few megabytes.
import type { TraceCall } from "./parse.js";
import { splitArgs } from "./parse.js";
import { argValue } from "./summary.js";

interface Segment {
  start: bigint;
  end: bigint;
  /** Counts against RLIMIT_DATA: writable, private, not a grows-down stack. */
  data: boolean;
  private: boolean;
  stack: boolean;
}

/** One process's mappings as far as the trace shows them. */
export class AddressSpace {
  segments: Segment[] = [];
  brkStart?: bigint;
  brk?: bigint;

  clone(): AddressSpace {
    const c = new AddressSpace();
    c.segments = this.segments.map((s) => ({ ...s }));
    if (this.brkStart !== undefined) c.brkStart = this.brkStart;
    if (this.brk !== undefined) c.brk = this.brk;
    return c;
  }

  /** Removes [start, end), splitting what overlaps it; returns what was removed. */
  remove(start: bigint, end: bigint): Segment[] {
    const kept: Segment[] = [];
    const cut: Segment[] = [];
    for (const s of this.segments) {
      if (s.end <= start || s.start >= end) {
        kept.push(s);
        continue;
      }
      if (s.start < start) kept.push({ ...s, end: start });
      if (s.end > end) kept.push({ ...s, start: end });
      cut.push({ ...s, start: s.start > start ? s.start : start, end: s.end < end ? s.end : end });
    }
    this.segments = kept;
    return cut;
  }

  add(s: Segment): void {
    this.remove(s.start, s.end);
    this.segments.push(s);
  }

  private heap(): bigint {
    return this.brk !== undefined && this.brkStart !== undefined ? this.brk - this.brkStart : 0n;
  }

  dataBytes(): bigint {
    return this.segments.reduce((n, s) => (s.data ? n + s.end - s.start : n), 0n) + this.heap();
  }

  totalBytes(): bigint {
    return this.segments.reduce((n, s) => n + s.end - s.start, 0n) + this.heap();
  }
}

const PAGE = 4096n;
const pageUp = (n: bigint) => (n + PAGE - 1n) & ~(PAGE - 1n);
const num = (parts: readonly string[], i: number) => argValue(parts[i] ?? "") ?? 0n;

/** What an allocation counts against, from mmap's prot and flags text. */
function mapKind(prot: string, flags: string): Pick<Segment, "data" | "private" | "stack"> {
  const priv = /MAP_PRIVATE/.test(flags);
  const stack = /MAP_GROWSDOWN/.test(flags);
  return { private: priv, stack, data: priv && !stack && /PROT_WRITE/.test(prot) };
}

export interface FailedAllocation {
  readonly call: TraceCall;
  /** Bytes the call asked for beyond what the process had. */
  readonly bytes: bigint;
  /** Whether it counted against RLIMIT_DATA (all allocations count against RLIMIT_AS). */
  readonly data: boolean;
  /** Estimated bytes in use when it failed. */
  readonly dataInUse: bigint;
  readonly asInUse: bigint;
}

const MAPPING = new Set(["mmap", "mremap", "mprotect", "brk"]);

export interface MemoryReplay {
  /** Every allocation that failed with ENOMEM (brk reports failure by returning the old break). */
  readonly failed: readonly FailedAllocation[];
  /** The most any one process had, by the estimate. */
  readonly peakData: bigint;
  readonly peakAs: bigint;
}

/** Replays the calls (the interpreter's part of a trace, in order). */
export function replayMemory(calls: readonly TraceCall[]): MemoryReplay {
  const spaces = new Map<number, AddressSpace>();
  const space = (pid: number) => {
    const s = spaces.get(pid) ?? new AddressSpace();
    spaces.set(pid, s);
    return s;
  };
  const out: FailedAllocation[] = [];
  let peakData = 0n;
  let peakAs = 0n;
  const failed = (c: TraceCall, sp: AddressSpace, bytes: bigint, data: boolean) =>
    out.push({ call: c, bytes, data, dataInUse: sp.dataBytes(), asInUse: sp.totalBytes() });
  for (const c of calls) {
    const sp = space(c.pid);
    const parts = splitArgs(c.args);
    const ok = c.errno === undefined && c.ret !== "?";
    const ret = ok ? argValue(c.ret) : undefined;
    switch (c.syscall) {
      case "execve":
        if (ok) spaces.set(c.pid, new AddressSpace());
        break;
      case "clone":
      case "clone3":
      case "fork":
      case "vfork": {
        const child = ok ? Number(c.ret) : 0;
        if (child > 0) spaces.set(child, /CLONE_VM/.test(c.args) || c.syscall === "vfork" ? sp : sp.clone());
        break;
      }
      case "mmap": {
        const len = pageUp(num(parts, 1));
        const kind = mapKind(parts[2] ?? "", parts[3] ?? "");
        if (ret !== undefined) sp.add({ start: ret, end: ret + len, ...kind });
        else if (c.errno === "ENOMEM") failed(c, sp, len, kind.data);
        break;
      }
      case "munmap":
        if (ok) sp.remove(num(parts, 0), num(parts, 0) + pageUp(num(parts, 1)));
        break;
      case "mprotect": {
        if (!ok) break;
        const start = num(parts, 0);
        const write = /PROT_WRITE/.test(parts[2] ?? "");
        for (const s of sp.remove(start, start + pageUp(num(parts, 1))))
          sp.segments.push({ ...s, data: s.private && !s.stack && write });
        break;
      }
      case "mremap": {
        const old = num(parts, 0);
        const oldLen = pageUp(num(parts, 1));
        const newLen = pageUp(num(parts, 2));
        const was = sp.segments.find((s) => s.start <= old && old < s.end);
        const kind = was ?? { data: true, private: true, stack: false };
        if (ret !== undefined) {
          sp.remove(old, old + oldLen);
          sp.add({ start: ret, end: ret + newLen, data: kind.data, private: kind.private, stack: kind.stack });
        } else if (c.errno === "ENOMEM" && newLen > oldLen) failed(c, sp, newLen - oldLen, kind.data);
        break;
      }
      case "brk": {
        if (ret === undefined) break;
        const asked = num(parts, 0);
        if (sp.brkStart === undefined) sp.brkStart = ret;
        if (asked !== 0n && asked !== ret && asked > ret) failed(c, sp, asked - ret, true);
        else sp.brk = ret;
        break;
      }
    }
    if (ok && MAPPING.has(c.syscall)) {
      const d = sp.dataBytes();
      const t = sp.totalBytes();
      if (d > peakData) peakData = d;
      if (t > peakAs) peakAs = t;
    }
  }
  return { failed: out, peakData, peakAs };
}
