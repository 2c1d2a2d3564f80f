// What tools/filter-stats.mjs needs from the built packages, in one place.
import { join } from "node:path";

const REPO = join(import.meta.dirname, "..");
const bpf = await import(join(REPO, "packages", "bpf", "dist", "index.js"));
const core = await import(join(REPO, "packages", "core", "dist", "index.js"));

export const { allow, compile, filterStats, pathLength, rulesFor, syscallNumber } = bpf;

/** The launcher's own rules for a host, as core compiles them (the exec pointer is a stand-in). */
export function launcherRulesShape(profile) {
  return core.launcherRules(profile.exec === "landlock" ? "any" : "pinned", 0x5555_0000_1000n);
}
