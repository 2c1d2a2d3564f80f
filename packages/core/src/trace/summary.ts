// --trace's summary of a parsed strace: the call the filter killed (if any),
// every EACCES/EPERM (Landlock or the filter), the answers the filter gives
// on purpose (ENOSYS for clone3 and io_uring), and per-syscall counts. Pure.
import { CONSTANTS } from "@hsandbox/bpf";
import { adviceFor, type HostGrants } from "../report/advice.js";
import { firstPath, interpreterPart, type ParsedTrace, splitArgs, type TraceCall } from "./parse.js";

/** strace's text of one argument as a number, when it is one (0x.., 123, NULL, A|B of known constants). */
export function argValue(text: string): bigint | undefined {
  const t = text.replace(/^[a-z_]+=/, "").trim();
  if (t === "NULL") return 0n;
  if (/^-?\d+$/.test(t)) return BigInt.asUintN(64, BigInt(t));
  if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t);
  if (/^[A-Z_][A-Z0-9_|]*$/.test(t)) {
    let v = 0n;
    for (const n of t.split("|")) {
      if (!Object.hasOwn(CONSTANTS, n)) return undefined;
      v |= BigInt(CONSTANTS[n]!);
    }
    return v;
  }
  return undefined;
}

/** The raw argument values of a traced call, when strace's text allows (else undefined). */
export function callArgs(c: TraceCall): bigint[] | undefined {
  const parts = splitArgs(c.args);
  let ordered = parts;
  if (c.syscall === "clone") {
    // strace names clone's arguments and prints them in its own order; the
    // kernel's x86_64 order is flags, stack, parent_tid, child_tid, tls.
    const named = new Map(parts.map((p) => [p.split("=")[0]!, p] as const));
    ordered = ["flags", "child_stack", "parent_tid", "child_tid", "tls"].map((n) => named.get(n) ?? "0");
  }
  const values = ordered.map(argValue);
  if (values.some((v) => v === undefined)) return undefined;
  const out = values as bigint[];
  while (out.length < 6) out.push(0n);
  return out.slice(0, 6);
}

export interface TraceSummary {
  readonly ranInterpreter: boolean;
  readonly killed?: { readonly call: TraceCall; readonly advice: string };
  readonly denied: readonly { readonly call: TraceCall; readonly path?: string; readonly why: string }[];
  readonly answered: readonly { readonly syscall: string; readonly errno: string; readonly count: number }[];
  readonly counts: readonly (readonly [string, number])[];
  readonly exit?: number;
  readonly signal?: string;
}

/** ENOSYS answers every filter gives on purpose (ALWAYS_DENIED): expected, not a problem. */
const EXPECTED_ENOSYS = new Set(["clone3", "io_uring_setup", "io_uring_enter", "io_uring_register", "openat2"]);

export function summarise(trace: ParsedTrace, interpreter: string, host: HostGrants): TraceSummary {
  const part = interpreterPart(trace, interpreter);
  const counts = new Map<string, number>();
  for (const c of part.calls) counts.set(c.syscall, (counts.get(c.syscall) ?? 0) + 1);
  const sortedCounts = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const main = part.ends.find((e) => e.pid === part.pid);
  let killed: TraceSummary["killed"];
  const sysEnd = part.ends.find((e) => e.signal === "SIGSYS");
  if (sysEnd) {
    const last = [...part.calls].reverse().find((c) => c.pid === sysEnd.pid && c.seq < sysEnd.seq);
    if (last) killed = { call: last, advice: adviceFor(last.syscall, host, callArgs(last)).text };
  }
  const denied: TraceSummary["denied"][number][] = [];
  const answered = new Map<string, { syscall: string; errno: string; count: number }>();
  for (const c of part.calls) {
    if (c.errno === "EACCES" || c.errno === "EPERM") {
      const path = firstPath(c.args);
      const why =
        c.errno === "EACCES"
          ? path !== undefined
            ? "Landlock (a path outside the grants) or file permissions"
            : "a rule of the filter that answers EACCES (see --explain)"
          : `the seccomp filter, or the kernel refusing an unprivileged process; ${adviceFor(c.syscall, host, callArgs(c)).text}`;
      denied.push({ call: c, ...(path !== undefined ? { path } : {}), why });
    } else if (c.errno === "ENOSYS" && EXPECTED_ENOSYS.has(c.syscall)) {
      const k = `${c.syscall} ${c.errno}`;
      const a = answered.get(k) ?? { syscall: c.syscall, errno: c.errno, count: 0 };
      a.count++;
      answered.set(k, a);
    }
  }
  return {
    ranInterpreter: part.pid !== undefined,
    ...(killed ? { killed } : {}),
    denied,
    answered: [...answered.values()],
    counts: sortedCounts,
    ...(main?.exit !== undefined ? { exit: main.exit } : {}),
    ...(main?.signal !== undefined ? { signal: main.signal } : {}),
  };
}

const short = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function summaryText(s: TraceSummary, host: string, traceFile: string, top = 15): string {
  const L: string[] = [];
  L.push(`${host} --trace: raw trace (strace -f) kept at ${traceFile}`);
  if (!s.ranInterpreter) {
    L.push(`${host} --trace: the interpreter never started (the launcher refused; see its message above)`);
    return `${L.join("\n")}\n`;
  }
  if (s.killed) {
    L.push(`${host} --trace: BLOCKED: killed by SIGSYS at ${short(`${s.killed.call.syscall}(${s.killed.call.args})`)}`);
    L.push(`${host} --trace:   ${s.killed.advice}`);
  } else if (s.signal) L.push(`${host} --trace: the interpreter died of ${s.signal}`);
  else L.push(`${host} --trace: the interpreter exited with ${s.exit ?? "?"}`);
  if (s.denied.length) {
    L.push(`${host} --trace: refused calls (${s.denied.length}):`);
    for (const d of s.denied.slice(0, 40)) {
      L.push(`  ${d.call.errno}  ${short(`${d.call.syscall}(${d.call.args})`, 120)}`);
      L.push(`         by ${d.why}`);
    }
    if (s.denied.length > 40) L.push(`  … ${s.denied.length - 40} more in the raw trace`);
  } else L.push(`${host} --trace: no call failed with EACCES or EPERM`);
  for (const a of s.answered) {
    L.push(`${host} --trace: ${a.syscall} answered ${a.errno} ${a.count}x (on purpose: the caller falls back)`);
  }
  const total = s.counts.reduce((n, [, k]) => n + k, 0);
  L.push(`${host} --trace: ${total} system calls by the interpreter, ${s.counts.length} distinct; most frequent:`);
  for (const [name, n] of s.counts.slice(0, top)) L.push(`  ${String(n).padStart(7)}  ${name}`);
  return `${L.join("\n")}\n`;
}
