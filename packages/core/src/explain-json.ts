// --explain=json: the whole Policy, exactly (schema "h-explain/1"), plus a
// readable summary for people and tools that do not want to decode masks.
//
//   { "schema": "h-explain/1",
//     "policy":  the Policy launch() applies; 64-bit numbers (Landlock masks,
//                rule argument values, rlimit values) as "0x…" strings,
//     "summary": derived text (files with rights and reasons, promises with
//                their syscalls, rules in words, rlimits with value, unit
//                and source, what best effort dropped) — ignored by the parser,
//     "filter":  the compiled seccomp program (explain-filter.ts): "hex" of
//                its struct sock_filter bytes, the instructions whose values
//                a launch fills in ("pinned"), and per syscall what it decides
//                ("syscalls"; every other syscall gets "otherwise") — derived
//                from the policy, ignored by the parser }
//
// policyFromJson(JSON.parse(text)) gives back an equal Policy (unit-tested:
// policy → JSON → parse → equal). It checks the shape and names the first
// field that is wrong; bigints are decoded at their schema positions only,
// so an environment value that looks like "0x10" stays a string.
import { type Action, type ArgPredicate, PROMISE_NAMES, PROMISES, type Rule, type SyscallName } from "@hsandbox/bpf";
import { accessLabel, netRightNames, rightNames } from "@hsandbox/landlock";
import { explainedFilter, pinnedText, verdictText } from "./explain-filter.js";
import { launcherRules, type Policy } from "./policy.js";
import { formatRlimitValue, RLIMIT_NAMES, RLIMIT_UNITS } from "./rlimits.js";

export const EXPLAIN_SCHEMA = "h-explain/1";

export class ExplainJsonError extends Error {
  override readonly name = "ExplainJsonError";
  constructor(
    readonly at: string,
    readonly expected: string,
  ) {
    super(`--explain=json: ${at}: expected ${expected}`);
  }
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A JSON-safe deep copy: bigints become "0x…" strings, undefined fields vanish. */
function toJsonValue(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? hex(x) : x)));
}

function ruleWords(r: Rule): string {
  const cond = (r.when ?? []).map((p) => `arg${p.arg} ${p.test.op}`).join(" and ");
  return `${r.syscall}${cond ? ` when ${cond}` : ""}: ${r.action.kind}${r.action.kind === "errno" ? ` ${r.action.errno}` : ""}`;
}

/** The "filter" member: the exact program and what it decides, per syscall. */
function filterJson(p: Policy): unknown {
  const f = explainedFilter(p);
  return toJsonValue({
    arch: f.arch,
    instructions: f.program.length,
    hex: Buffer.from(f.bytes).toString("hex"),
    pinned: f.pinned.map((w) => ({ ...w, k: `0x${f.program[w.at]!.k.toString(16)}`, text: pinnedText(w) })),
    execPathAddress: f.execPathAddress,
    selfPid: f.selfPid,
    syscalls: f.syscalls.map((v) => ({ ...v, text: verdictText(v) })),
    otherwise: f.otherwise,
  });
}

export function explainJson(p: Policy): unknown {
  const ll = p.landlock;
  return {
    schema: EXPLAIN_SCHEMA,
    policy: toJsonValue(p),
    summary: {
      host: p.host,
      version: p.hostVersion,
      interpreter: p.interpreter,
      argv: p.argv,
      files: {
        enforced: ll.enforced,
        abi: ll.abi,
        handled: rightNames(ll.handledFs).map((n) => n.toLowerCase()),
        handledNet: netRightNames(ll.handledNet).map((n) => n.toLowerCase()),
        rules: ll.pathRules.map((r) => ({
          path: r.path,
          kind: r.kind,
          rights: accessLabel(r.access, ll.handledFs, r.kind),
          reasons: r.reasons,
        })),
        notEnforced: ll.dropped.map((d) => d.message),
      },
      syscalls: {
        otherwise: p.seccomp.defaultAction.kind,
        reportedBy: p.seccomp.reporter ? "the reporting process" : "nobody (--no-report)",
        exec: p.seccomp.exec,
        launcherRules: launcherRules(p.seccomp.exec, 0n).map((r) => ({ rule: ruleWords(r), why: r.why ?? "" })),
        hostRules: p.seccomp.rules.map((r) => ({ rule: ruleWords(r), why: r.why ?? "" })),
        promises: p.seccomp.promises.map((n) => ({
          name: n,
          summary: PROMISES[n].summary,
          syscalls: [...new Set(PROMISES[n].rules.map((r) => r.syscall))],
        })),
      },
      rlimits: Object.fromEntries(
        RLIMIT_NAMES.map((n) => [
          n,
          { value: formatRlimitValue(p.rlimits[n].value), unit: RLIMIT_UNITS[n], source: p.rlimits[n].source },
        ]),
      ),
      env: p.env,
    },
    filter: filterJson(p),
  };
}

// ------------------------------------------------------------------ parsing

type J = unknown;
const isObj = (v: J): v is Record<string, J> => typeof v === "object" && v !== null && !Array.isArray(v);

function obj(v: J, at: string): Record<string, J> {
  if (!isObj(v)) throw new ExplainJsonError(at, "an object");
  return v;
}
function str(v: J, at: string): string {
  if (typeof v !== "string") throw new ExplainJsonError(at, "a string");
  return v;
}
function num(v: J, at: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ExplainJsonError(at, "a number");
  return v;
}
function bool(v: J, at: string): boolean {
  if (typeof v !== "boolean") throw new ExplainJsonError(at, "true or false");
  return v;
}
function arr(v: J, at: string): J[] {
  if (!Array.isArray(v)) throw new ExplainJsonError(at, "a list");
  return v;
}
function big(v: J, at: string): bigint {
  if (typeof v !== "string" || !/^0x[0-9a-f]+$/.test(v)) throw new ExplainJsonError(at, 'a "0x…" number');
  return BigInt(v);
}
function strings(v: J, at: string): string[] {
  return arr(v, at).map((x, i) => str(x, `${at}[${i}]`));
}

function action(v: J, at: string): Action {
  const o = obj(v, at);
  const kind = str(o.kind, `${at}.kind`);
  switch (kind) {
    case "allow":
    case "kill-process":
    case "kill-thread":
    case "log":
    case "user-notif":
      return { kind };
    case "errno":
      return { kind, errno: num(o.errno, `${at}.errno`) };
    case "trap":
      return o.data === undefined ? { kind } : { kind, data: num(o.data, `${at}.data`) };
    default:
      throw new ExplainJsonError(`${at}.kind`, "a seccomp action");
  }
}

function predicate(v: J, at: string): ArgPredicate {
  const o = obj(v, at);
  const a = num(o.arg, `${at}.arg`);
  if (!Number.isInteger(a) || a < 0 || a > 5) throw new ExplainJsonError(`${at}.arg`, "an argument index 0..5");
  const arg = a as ArgPredicate["arg"];
  const t = obj(o.test, `${at}.test`);
  const op = str(t.op, `${at}.test.op`);
  switch (op) {
    case "eq":
    case "ne":
      return { arg, test: { op, value: big(t.value, `${at}.test.value`) } };
    case "oneOf":
      return {
        arg,
        test: { op, values: arr(t.values, `${at}.test.values`).map((x, i) => big(x, `${at}.test.values[${i}]`)) },
      };
    case "flagsSubsetOf":
    case "hasNoneOf":
      return { arg, test: { op, mask: big(t.mask, `${at}.test.mask`) } };
    case "maskedEq":
      return { arg, test: { op, mask: big(t.mask, `${at}.test.mask`), value: big(t.value, `${at}.test.value`) } };
    default:
      throw new ExplainJsonError(`${at}.test.op`, "an argument test");
  }
}

function rule(v: J, at: string): Rule {
  const o = obj(v, at);
  return {
    // Not checked against the tables here: compile() refuses a name the arch lacks, as before.
    syscall: str(o.syscall, `${at}.syscall`) as SyscallName,
    action: action(o.action, `${at}.action`),
    ...(o.when !== undefined
      ? { when: arr(o.when, `${at}.when`).map((p, i) => predicate(p, `${at}.when[${i}]`)) }
      : {}),
    ...(o.why !== undefined ? { why: str(o.why, `${at}.why`) } : {}),
  };
}

/** Every field we know, checked and decoded; unknown fields (newer policies) are kept as they are. */
export function policyFromJson(doc: J): Policy {
  const d = obj(doc, "document");
  if (d.schema !== EXPLAIN_SCHEMA) throw new ExplainJsonError("schema", `"${EXPLAIN_SCHEMA}"`);
  const p = obj(d.policy, "policy");
  const at = (k: string) => `policy.${k}`;
  const ll = obj(p.landlock, at("landlock"));
  const sc = obj(p.seccomp, at("seccomp"));
  const rl = obj(p.rlimits, at("rlimits"));
  const env = obj(p.env, at("env"));
  for (const [k, v] of Object.entries(env)) str(v, `${at("env")}.${k}`);
  const promises = strings(sc.promises, at("seccomp.promises"));
  promises.forEach((n, i) => {
    if (!PROMISE_NAMES.includes(n as never))
      throw new ExplainJsonError(`${at("seccomp.promises")}[${i}]`, "a promise name");
  });
  const exec = str(sc.exec, at("seccomp.exec"));
  if (exec !== "pinned" && exec !== "any") throw new ExplainJsonError(at("seccomp.exec"), '"pinned" or "any"');
  const rlimits: Record<string, unknown> = {};
  for (const n of RLIMIT_NAMES) {
    const r = obj(rl[n], `${at("rlimits")}.${n}`);
    const v = obj(r.value, `${at("rlimits")}.${n}.value`);
    const kind = str(v.kind, `${at("rlimits")}.${n}.value.kind`);
    if (kind !== "inherit" && kind !== "set")
      throw new ExplainJsonError(`${at("rlimits")}.${n}.value.kind`, '"inherit" or "set"');
    rlimits[n] = {
      value: kind === "set" ? { kind, value: big(v.value, `${at("rlimits")}.${n}.value.value`) } : { kind },
      source: str(r.source, `${at("rlimits")}.${n}.source`),
    };
  }
  const grants = arr(p.grants, at("grants")).map((g, i) => {
    const o = obj(g, `${at("grants")}[${i}]`);
    str(o.path, `${at("grants")}[${i}].path`);
    strings(o.rights, `${at("grants")}[${i}].rights`);
    str(o.reason, `${at("grants")}[${i}].reason`);
    return o;
  });
  const pathRules = arr(ll.pathRules, at("landlock.pathRules")).map((r, i) => {
    const o = obj(r, `${at("landlock.pathRules")}[${i}]`);
    return {
      ...o,
      path: str(o.path, `${at("landlock.pathRules")}[${i}].path`),
      access: big(o.access, `${at("landlock.pathRules")}[${i}].access`),
    };
  });
  const portRules = arr(ll.portRules, at("landlock.portRules")).map((r, i) => {
    const o = obj(r, `${at("landlock.portRules")}[${i}]`);
    return {
      ...o,
      port: num(o.port, `${at("landlock.portRules")}[${i}].port`),
      access: big(o.access, `${at("landlock.portRules")}[${i}].access`),
    };
  });
  num(ll.abi, at("landlock.abi"));
  bool(ll.enforced, at("landlock.enforced"));
  arr(ll.dropped, at("landlock.dropped"));
  str(p.host, at("host"));
  str(p.hostVersion, at("hostVersion"));
  str(p.interpreter, at("interpreter"));
  strings(p.argv, at("argv"));
  strings(p.args, at("args"));
  obj(p.identity, at("identity"));
  if (p.script !== undefined) {
    const s = obj(p.script, at("script"));
    for (const k of ["path", "real", "dir"]) str(s[k], `${at("script")}.${k}`);
  }
  return {
    ...p,
    grants,
    landlock: {
      ...ll,
      handledFs: big(ll.handledFs, at("landlock.handledFs")),
      handledNet: big(ll.handledNet, at("landlock.handledNet")),
      scoped: big(ll.scoped, at("landlock.scoped")),
      restrictSelfFlags: big(ll.restrictSelfFlags, at("landlock.restrictSelfFlags")),
      pathRules,
      portRules,
    },
    seccomp: {
      ...sc,
      promises,
      rules: arr(sc.rules, at("seccomp.rules")).map((r, i) => rule(r, `${at("seccomp.rules")}[${i}]`)),
      defaultAction: action(sc.defaultAction, at("seccomp.defaultAction")),
      exec,
      reporter: bool(sc.reporter, at("seccomp.reporter")),
    },
    rlimits,
  } as unknown as Policy;
}
