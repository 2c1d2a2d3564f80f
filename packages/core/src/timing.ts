// H_TIMING=1: the launcher prints where its setup time went, as one line of
// JSON on stderr just before the sandbox closes (bench/ reads it):
//
//   h-timing {"boot":41.2,"module":6.1,"koffi":5.3,"discovery":0.4,...}
//
// Each figure is milliseconds; "boot" is Node's own bootstrap
// (performance.nodeTiming.bootstrapComplete), "module" the time from then
// until the host's code first runs (loading the bundled bin), the others the
// phases marked with phase(). The line is written after Landlock and rlimits
// and before the seccomp filter (writing after it would be JavaScript between
// the filter and execve, which docs/design.md rules out), so "apply" covers every
// step but the last two; what remains (seccomp, execve, the interpreter's
// start) is the wall-clock total minus these.
//
// Off (the default), phase() is one boolean test: no clock read, no
// allocation. The variable is read once, at module load.
import { writeSync } from "node:fs";

const enabled = process.env.H_TIMING === "1";
const marks: [string, number][] = [];
let last = 0;

/** True when H_TIMING=1 was set for this process. */
export function timingEnabled(): boolean {
  return enabled;
}

/** Starts the clock: everything until now is Node's boot plus module loading. */
export function timingStart(): void {
  if (!enabled) return;
  const boot = performance.nodeTiming.bootstrapComplete;
  last = performance.now();
  marks.push(["boot", boot], ["module", last - boot]);
}

/** Ends the phase named `name` (the time since the previous mark is charged to it). */
export function phase(name: string): void {
  if (!enabled) return;
  const now = performance.now();
  const prev = marks.find((m) => m[0] === name);
  if (prev) prev[1] += now - last;
  else marks.push([name, now - last]);
  last = now;
}

/** Writes the h-timing line on stderr (synchronously: the process is about to exec). */
export function timingReport(): void {
  if (!enabled) return;
  const o: Record<string, number> = {};
  for (const [k, v] of marks) o[k] = Math.round(v * 1000) / 1000;
  o.sinceStart = Math.round(performance.now() * 1000) / 1000;
  try {
    writeSync(2, `h-timing ${JSON.stringify(o)}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
}
