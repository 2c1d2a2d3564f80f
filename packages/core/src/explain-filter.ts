// The seccomp program a host installs, in plain sight: the exact instructions
// (for --explain=bpf and the hex in --explain=json), which of them hold values
// only the launching process knows, and a per-syscall table of what the
// filter decides — allow, an answer (errno, kill), or argument checks.
//
// The program comes from launch.ts's compileFilter, the same function the
// launch uses; only two inputs differ at launch. The execve path pointer is
// the address of a buffer in the launcher, so explain compiles with a
// placeholder address and finds the instructions that carry it by compiling
// again with another one (whatever differs is the pointer). The pid of the
// self-signal rules is this process's pid; a launch pins its own.
import {
  type Action,
  type Arch,
  type ArgPredicate,
  BPF_ABS,
  BPF_JEQ,
  BPF_JMP,
  BPF_K,
  BPF_LD,
  BPF_W,
  decode,
  disassemble,
  type Insn,
  type Rule,
  syscallNumber,
} from "@hsandbox/bpf";
import { actionText, predicateText } from "./explain-words.js";
import { hostArch } from "./kernel.js";
import { compileFilter, filterSpec } from "./launch.js";
import type { Policy } from "./policy.js";

/** Stands for the execve path pointer in an explained program (a launch pins a real address). */
export const EXEC_ADDRESS_PLACEHOLDER = 0x00007ffd_5eed_e000n;
// Differs from the placeholder in both 32-bit words, so both compares show up in the diff.
const OTHER_ADDRESS = 0x00007ffc_1234_5000n;

export interface PinnedWord {
  /** Instruction index. */
  readonly at: number;
  readonly what: "exec-path-high" | "exec-path-low" | "self-pid";
}

export type SyscallVerdict =
  | { readonly syscall: string; readonly nr: number; readonly verdict: "allow" }
  | { readonly syscall: string; readonly nr: number; readonly verdict: "answer"; readonly action: Action }
  | {
      readonly syscall: string;
      readonly nr: number;
      readonly verdict: "conditional";
      /** Tried in order; the first whose checks all hold decides. */
      readonly rules: readonly { readonly when: readonly ArgPredicate[]; readonly action: Action }[];
      /** When no rule's checks hold. */
      readonly otherwise: Action;
    };

export interface ExplainedFilter {
  readonly arch: Arch;
  readonly program: readonly Insn[];
  readonly bytes: Uint8Array;
  readonly execPathAddress: bigint;
  readonly selfPid: number;
  readonly pinned: readonly PinnedWord[];
  readonly syscalls: readonly SyscallVerdict[];
  /** What every syscall not in `syscalls` gets. */
  readonly otherwise: Action;
}

const isLdArg0Low = (i: Insn | undefined) => i !== undefined && i.code === (BPF_LD | BPF_W | BPF_ABS) && i.k === 16;

function pinnedWords(policy: Policy, a: readonly Insn[], pid: number): PinnedWord[] {
  const out: PinnedWord[] = [];
  if (policy.seccomp.exec === "pinned") {
    const b = decode(compileFilter(policy, OTHER_ADDRESS));
    if (b.length !== a.length) throw new Error("the filter's layout depends on the execve address");
    const hi = Number(EXEC_ADDRESS_PLACEHOLDER >> 32n);
    a.forEach((insn, at) => {
      if (insn.k !== b[at]!.k) out.push({ at, what: insn.k === hi ? "exec-path-high" : "exec-path-low" });
    });
  }
  // The self-signal rules are eq(0, pid): `ld [args[0] low]` then `jeq #pid`.
  a.forEach((insn, at) => {
    if (insn.code === (BPF_JMP | BPF_JEQ | BPF_K) && insn.k === pid && isLdArg0Low(a[at - 1])) {
      out.push({ at, what: "self-pid" });
    }
  });
  return out.sort((x, y) => x.at - y.at);
}

/** What the rules decide per syscall (first matching rule wins; rules after an unconditional one never run). */
export function syscallTable(rules: readonly Rule[], arch: Arch, otherwise: Action): SyscallVerdict[] {
  const bySyscall = new Map<string, Rule[]>();
  for (const r of rules) {
    if (syscallNumber(arch, r.syscall) === undefined) continue;
    const list = bySyscall.get(r.syscall) ?? [];
    list.push(r);
    bySyscall.set(r.syscall, list);
  }
  const out: SyscallVerdict[] = [];
  for (const [syscall, list] of bySyscall) {
    const nr = syscallNumber(arch, syscall);
    if (nr === undefined) continue; // the loop above kept only syscalls the arch has
    const firstAlways = list.findIndex((r) => !r.when?.length);
    const checked = (firstAlways < 0 ? list : list.slice(0, firstAlways)).flatMap((r) =>
      r.when?.length ? [{ when: r.when, action: r.action }] : [],
    );
    const fallback = list[firstAlways]?.action ?? otherwise; // list[-1] is undefined
    if (checked.length === 0) {
      out.push(
        fallback.kind === "allow"
          ? { syscall, nr, verdict: "allow" }
          : { syscall, nr, verdict: "answer", action: fallback },
      );
    } else {
      out.push({
        syscall,
        nr,
        verdict: "conditional",
        rules: checked,
        otherwise: fallback,
      });
    }
  }
  return out.sort((x, y) => x.nr - y.nr);
}

/** The program the launch would install, with its launch-time words marked, and what it decides. */
export function explainedFilter(policy: Policy): ExplainedFilter {
  const arch = hostArch();
  const selfPid = process.pid;
  const bytes = compileFilter(policy, EXEC_ADDRESS_PLACEHOLDER);
  const program = decode(bytes);
  const spec = filterSpec(policy, EXEC_ADDRESS_PLACEHOLDER);
  return {
    arch,
    program,
    bytes,
    execPathAddress: EXEC_ADDRESS_PLACEHOLDER,
    selfPid,
    pinned: pinnedWords(policy, program, selfPid),
    syscalls: syscallTable(spec.rules, arch, spec.defaultAction),
    otherwise: spec.defaultAction,
  };
}

/** One line per table entry, for people: `openat: allow`, `execve: arg0 == 0x…: allow; otherwise kill …`. */
export function verdictText(v: SyscallVerdict): string {
  switch (v.verdict) {
    case "allow":
      return "allow";
    case "answer":
      return actionText(v.action);
    case "conditional":
      return `${v.rules.map((r) => `${r.when.map(predicateText).join(" and ")}: ${actionText(r.action)}`).join("; ")}; otherwise ${actionText(v.otherwise)}`;
  }
}

const PINNED_WORDS: Record<PinnedWord["what"], string> = {
  "exec-path-high": "execve's path pointer, high word",
  "exec-path-low": "execve's path pointer, low word",
  "self-pid": "the sandboxed process's own pid (signals to itself)",
};

export const pinnedText = (w: PinnedWord): string => PINNED_WORDS[w.what];

/**
 * --explain=bpf: the disassembly exactly as `bpfc -d` prints it for these
 * bytes, after `;` comment lines (which the assembler skips) naming the
 * instructions whose values a launch fills in.
 */
export function explainBpf(policy: Policy): string {
  const f = explainedFilter(policy);
  const head = [
    `; ${policy.host} ${policy.hostVersion}: the seccomp filter it installs (${f.arch}, ${f.program.length} instructions),`,
    `; printed as \`bpfc -d -a ${f.arch}\` prints its bytes (--explain=json has them as hex).`,
  ];
  for (const w of f.pinned) {
    const here =
      w.what === "self-pid"
        ? `${f.selfPid}, this process's pid`
        : `0x${f.program[w.at]!.k.toString(16)}, from the placeholder 0x${f.execPathAddress.toString(16)}`;
    head.push(`; instruction ${w.at}: ${pinnedText(w)}, set at launch (here ${here})`);
  }
  return `${head.join("\n")}\n${disassemble(f.program, { arch: f.arch })}`;
}
