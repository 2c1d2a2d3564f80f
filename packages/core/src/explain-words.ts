// Seccomp actions and argument checks in words, shared by --explain's text and
// the per-syscall table of --explain=json.
import type { Action, ArgPredicate, Rule } from "@hsandbox/bpf";

export function actionText(a: Action): string {
  switch (a.kind) {
    case "allow":
      return "allow";
    case "errno":
      return `fail with errno ${a.errno}`;
    case "kill-process":
      return "kill the process (SIGSYS)";
    default:
      return a.kind;
  }
}

export function predicateText(p: ArgPredicate): string {
  const hex = (v: bigint) => `0x${v.toString(16)}`;
  const t = p.test;
  switch (t.op) {
    case "eq":
      return `arg${p.arg} == ${hex(t.value)}`;
    case "ne":
      return `arg${p.arg} != ${hex(t.value)}`;
    case "oneOf":
      return `arg${p.arg} in {${t.values.map(hex).join(", ")}}`;
    case "flagsSubsetOf":
      return `arg${p.arg} has no bit outside ${hex(t.mask)}`;
    case "hasNoneOf":
      return `arg${p.arg} has none of ${hex(t.mask)}`;
    case "maskedEq":
      return `arg${p.arg} & ${hex(t.mask)} == ${hex(t.value)}`;
  }
}

export function ruleText(r: Rule): string {
  const cond = r.when?.length ? ` when ${r.when.map(predicateText).join(" and ")}` : "";
  return `${r.syscall}${cond}: ${actionText(r.action)}${r.why ? `  (${r.why})` : ""}`;
}
