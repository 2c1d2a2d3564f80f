// Which instructions a filter runs for one syscall, and what its answer means.
//
// The path comes from the interpreter itself (interp.ts's execute), not from a
// second implementation: classic BPF jumps only forward, so an instruction runs
// at most once, and whether instruction i runs depends only on the ones
// before it. Replacing instruction i by `ret #marker` (a value the real run
// does not return) therefore returns the marker exactly when i is on the path.
import { errnoName } from "../constants.js";
import { BPF_K, BPF_RET, type Insn } from "../insn.js";
import { execute, retAction } from "../interp.js";
import type { SeccompData } from "../rule.js";

export interface Trace {
  /** Indices of the instructions run, in order; the last one returned. */
  readonly path: readonly number[];
  readonly ret: number;
}

export function tracePath(program: readonly Insn[], data: SeccompData): Trace {
  const { ret } = execute(program, data);
  const marker = (ret ^ 1) >>> 0;
  const path: number[] = [];
  for (let i = 0; i < program.length; i++) {
    const probe = program.slice();
    probe[i] = { code: BPF_RET | BPF_K, jt: 0, jf: 0, k: marker };
    if (execute(probe, data).ret === marker) path.push(i);
  }
  return { path, ret };
}

/** `allow`, `errno EPERM (1)`, `kill-process`, … with the raw value. */
export function verdictText(ret: number): string {
  const a = retAction(ret);
  const raw = `0x${(ret >>> 0).toString(16).padStart(8, "0")}`;
  switch (a.kind) {
    case "errno": {
      const name = errnoName(a.errno);
      return `errno ${name !== undefined ? `${name} (${a.errno})` : a.errno}  [ret ${raw}]`;
    }
    case "trap":
    case "trace":
      return `${a.kind} data ${a.data}  [ret ${raw}]`;
    default:
      return `${a.kind}  [ret ${raw}]`;
  }
}
