// How much slower than a quiet machine this run may be. Bounds (guards, test
// timeouts, the run's watchdog) are multiplied by it; nothing asserts on
// speed. H_TEST_SLOW sets it (H_TEST_SLOW=3 on a machine known to be three
// times slower); unset, it is 1 + the load average per core when asked,
// between 1 and 4, and is written back to the environment so that every
// vitest worker and child process agrees on one value.
import { availableParallelism, loadavg } from "node:os";

/** @returns {number} */
export function slowness() {
  const given = Number(process.env.H_TEST_SLOW);
  if (Number.isFinite(given) && given >= 1) return given;
  const perCore = loadavg()[0] / Math.max(1, availableParallelism());
  const v = Math.min(4, Math.max(1, Math.round((1 + perCore) * 10) / 10));
  process.env.H_TEST_SLOW = String(v);
  return v;
}
