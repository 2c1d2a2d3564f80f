// --explain: the policy in words a person can check, and --explain=json for
// tools. Both are built from the same Policy object launch() applies.
import { type ConstantName, constant, PROMISES, type Rule, TERMINAL_NEVER } from "@hsandbox/bpf";
import { describePlan, rightNames } from "@hsandbox/landlock";
import { actionText, ruleText } from "./explain-words.js";
import { reporterRule } from "./plan/seccomp.js";
import type { SessionPlan } from "./plan/session.js";
import { launcherRules, type Policy, UNPRIVILEGED_UID } from "./policy.js";
import { formatRlimitValue, RLIMIT_NAMES, RLIMIT_UNITS } from "./rlimits.js";

function syscallList(rules: readonly Rule[]): string {
  const names: string[] = [];
  for (const r of rules) {
    const n = r.when?.length ? `${r.syscall}*` : r.syscall;
    if (!names.includes(n) && !names.includes(r.syscall)) names.push(n);
  }
  return names.join(" ");
}

function wrap(text: string, indent: string, width = 100): string {
  const out: string[] = [];
  let line = "";
  for (const w of text.split(" ")) {
    if (line && line.length + w.length + 1 > width - indent.length) {
      out.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(indent + line);
  return out.join("\n");
}

export function explainText(p: Policy): string {
  const L: string[] = [];
  L.push(`${p.host} ${p.hostVersion} would run, confined:`);
  L.push(`  ${p.argv.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  L.push("");
  L.push("Identity:");
  L.push("  no_new_privs set: execve can never gain privileges (setuid bits and file capabilities are ignored)");
  L.push("  every capability dropped (bounding, ambient, effective, permitted, inheritable)");
  if (p.identity.dropAll) {
    L.push(
      `  started as root: every uid and gid becomes ${p.identity.moveRealUidTo ?? UNPRIVILEGED_UID} (Landlock is incomplete here)`,
    );
  } else if (p.identity.moveRealUidTo !== undefined) {
    L.push(
      `  started as root: real uid becomes ${p.identity.moveRealUidTo} so RLIMIT_NPROC applies; securebits locked (NOROOT)`,
    );
  }
  for (const w of p.identity.warnings) L.push(`  warning: ${w}`);
  L.push("  file descriptors other than 0, 1, 2 are closed at exec; signals reset to their defaults");
  L.push("");
  const ll = p.landlock;
  if (ll.enforced) {
    L.push(
      `Files (Landlock ABI ${ll.abi}; everything not listed is denied: ${rightNames(ll.handledFs).length} kinds of access):`,
    );
    for (const line of describePlan(ll)) L.push(`  ${line}`);
  } else {
    L.push("Files: NOT restricted (Landlock unavailable; --best-effort)");
  }
  for (const d of ll.dropped) L.push(`  not enforced: ${d.message}`);
  L.push("");
  const otherwise = p.seccomp.reporter
    ? `named on stderr by the reporting process, then ${actionText(p.seccomp.defaultAction)}; --no-report: the same, unnamed`
    : actionText(p.seccomp.defaultAction);
  L.push(`System calls (seccomp-BPF; anything not listed: ${otherwise}):`);
  const launcher = launcherRules(p.seccomp.exec, 0n).map((r) =>
    r.syscall === "execve" && p.seccomp.exec === "pinned" ? { ...r, when: [] } : r,
  );
  L.push("  launcher rules:");
  if (p.seccomp.reporter) {
    L.push(`    sendmsg: once, the listener to the reporting process  (${reporterRule(-1, 0n, 0).why})`);
  }
  for (const r of launcher) {
    const t =
      r.syscall === "execve" && p.seccomp.exec === "pinned"
        ? `execve: only the interpreter's path  (${r.why})`
        : ruleText(r);
    L.push(`    ${t}`);
  }
  if (p.seccomp.rules.length) {
    L.push(`  ${p.host} rules:`);
    for (const r of p.seccomp.rules) L.push(`    ${ruleText(r)}`);
  }
  for (const name of p.seccomp.promises) {
    const g = PROMISES[name];
    L.push(`  ${name.padEnd(10)} ${g.summary}`);
    L.push(wrap(syscallList(g.rules), "             "));
  }
  L.push("  (* = allowed only with the argument checks shown by --explain=json)");
  L.push("");
  L.push("Resource limits (soft = hard, the script cannot raise them):");
  for (const n of RLIMIT_NAMES) {
    const r = p.rlimits[n];
    L.push(`  ${n.padEnd(10)} ${formatRlimitValue(r.value).padEnd(10)} ${RLIMIT_UNITS[n]}; ${r.source}`);
  }
  L.push("");
  const env = Object.entries(p.env);
  L.push(
    env.length ? "Environment (nothing else is passed):" : "Environment: empty (nothing from the launcher is passed)",
  );
  for (const [k, v] of env) L.push(`  ${k}=${v}`);
  L.push(...sessionExplainLines(p.session));
  return `${L.join("\n")}\n`;
}

// ------------------------------------------------ a session without a script

/** The --explain section for a session without a script (empty for a script run). */
export function sessionExplainLines(session: SessionPlan | undefined): string[] {
  if (!session) return [];
  const L: string[] = [""];
  if (session.kind === "stdin") {
    L.push("Session: no script; the program is read from standard input (not a terminal: no terminal grants).");
    return L;
  }
  L.push("Interactive session (a prompt on the terminal), on top of the above:");
  const t = session.terminal;
  if (t) {
    L.push("  terminal grants (read-only):");
    for (const g of t.grants) L.push(`    ${g.path}${g.optional ? " (if present)" : ""}  (${g.reason})`);
    L.push("  terminal ioctls (checked before everything else):");
    for (const r of t.rules) {
      const a = r.action.kind === "allow" ? "allow" : r.action.kind === "errno" ? `errno ${r.action.errno}` : "kill";
      const cmds = (r.when ?? [])
        .filter((p) => p.arg === 1)
        .flatMap((p) => (p.test.op === "oneOf" ? p.test.values : p.test.op === "eq" ? [p.test.value] : []))
        .map(ioctlName)
        .join(" ");
      L.push(`    ${a.padEnd(8)} ${cmds}${r.why ? `  (${r.why})` : ""}`);
    }
    const vars = Object.entries(t.env);
    L.push(`  terminal variables passed: ${vars.length ? vars.map(([k, v]) => `${k}=${v}`).join(" ") : "none"}`);
  }
  L.push(
    session.history
      ? `  history: kept in ${session.history} (read+write on that one file)`
      : "  history: in memory only (--history FILE keeps it in one file)",
  );
  return L;
}

const IOCTL_NAMES: readonly ConstantName[] = [
  "TCGETS",
  "TCSETS",
  "TCSETSW",
  "TCSETSF",
  "TCXONC",
  "TIOCGWINSZ",
  "TIOCSWINSZ",
  "TIOCGPGRP",
  "TIOCSPGRP",
  "TIOCGPTN",
  ...TERMINAL_NEVER,
];
function ioctlName(v: bigint): string {
  return IOCTL_NAMES.find((n) => constant(n) === v) ?? `0x${v.toString(16)}`;
}

// --explain=bpf: the filter itself, as `bpfc -d` prints it (explain-filter.ts).
export { explainBpf, explainedFilter } from "./explain-filter.js";
// --explain=json: the exact policy and a readable summary (explain-json.ts).
export { EXPLAIN_SCHEMA, ExplainJsonError, explainJson, policyFromJson } from "./explain-json.js";
export { ruleText } from "./explain-words.js";
