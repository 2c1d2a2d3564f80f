// landlockc's three renderings of one plan (text, JSON, host-profile
// snippet), what each lower ABI would drop on top, and the JSON read back
// into a request the planner takes (pure).
import { isKernelAbi, type KernelAbi } from "../abi.js";
import type { FsAccess } from "../access-fs.js";
import { describePlan, type LandlockRequest, type PathKind, type Plan, planLandlock } from "../plan.js";
import type { GrantWord } from "./landlockc-input.js";

export const LANDLOCKC_SCHEMA = "h-landlockc/1";

export interface Grant {
  readonly path: string;
  readonly kind: PathKind;
  readonly access: FsAccess;
  /** The grant words it was written with, when it was (profile snippets need them). */
  readonly words?: readonly GrantWord[];
  readonly reason: string;
}

export const requestOf = (grants: readonly Grant[]): LandlockRequest => ({
  pathRules: grants.map((g) => ({ path: g.path, access: g.access, kind: g.kind, reason: g.reason })),
});

export interface LowerAbi {
  readonly abi: number;
  /** What this ABI drops that the ABI above it keeps (each feature is said once, where it goes). */
  readonly dropped: readonly string[];
}

/** For each ABI below the planned one, newest first: what a kernel with it would drop in addition. */
export function lowerAbis(request: LandlockRequest, plan: Plan): LowerAbi[] {
  const gone = new Set(plan.dropped.map((d) => d.feature));
  const out: LowerAbi[] = [];
  for (let abi = plan.abi - 1; abi >= 1; abi--) {
    const p = planLandlock(request, abi as KernelAbi, "best-effort");
    const more = p.dropped.filter((d) => !gone.has(d.feature));
    for (const d of more) gone.add(d.feature);
    out.push({ abi, dropped: more.map((d) => d.message) });
  }
  return out;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;
const jsonSafe = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? hex(x) : x)));

export function renderText(plan: Plan, lower: readonly LowerAbi[]): string {
  const lines = describePlan(plan);
  for (const l of lower) {
    if (l.dropped.length === 0) lines.push(`on ABI ${l.abi}: nothing more is dropped`);
    else for (const m of l.dropped) lines.push(`on ABI ${l.abi} also dropped: ${m}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderJson(request: LandlockRequest, plan: Plan, lower: readonly LowerAbi[]): string {
  return `${JSON.stringify(jsonSafe({ schema: LANDLOCKC_SCHEMA, abi: plan.abi, request, plan, lowerAbis: lower }), null, 2)}\n`;
}

export class ProfileSnippetError extends Error {
  override readonly name = "ProfileSnippetError";
}

/** A `grants` member for defineHost (core's PathGrant list). */
export function renderProfile(grants: readonly Grant[], plan: Plan, lower: readonly LowerAbi[]): string {
  const lines = [
    `// Landlock grants for a host profile (defineHost's \`grants\`), planned for ABI ${plan.abi} by landlockc.`,
  ];
  for (const d of plan.dropped) lines.push(`// dropped on ABI ${plan.abi}: ${d.message}`);
  for (const l of lower) for (const m of l.dropped) lines.push(`// also dropped on ABI ${l.abi}: ${m}`);
  lines.push("grants: () => [");
  for (const g of grants) {
    if (g.words === undefined) {
      throw new ProfileSnippetError(
        `${g.path}: a profile grants read, exec, write or list; use those words, not Landlock right names`,
      );
    }
    lines.push(
      `  { path: ${JSON.stringify(g.path)}, rights: [${g.words.map((w) => JSON.stringify(w)).join(", ")}], reason: ${JSON.stringify(g.reason)} },`,
    );
  }
  lines.push("],");
  return `${lines.join("\n")}\n`;
}

export class LandlockcJsonError extends Error {
  override readonly name = "LandlockcJsonError";
}

/** landlockc's JSON back to what the planner takes: `planLandlock(request, abi)` gives its plan again. */
export function requestFromJson(doc: unknown): { request: LandlockRequest; abi: KernelAbi } {
  const d = doc as { schema?: unknown; abi?: unknown; request?: { pathRules?: unknown } };
  if (d?.schema !== LANDLOCKC_SCHEMA) throw new LandlockcJsonError(`not ${LANDLOCKC_SCHEMA} JSON`);
  if (!isKernelAbi(d.abi)) throw new LandlockcJsonError("abi: expected 0..7");
  if (!Array.isArray(d.request?.pathRules)) throw new LandlockcJsonError("request.pathRules: expected a list");
  const pathRules = d.request.pathRules.map((r: Record<string, unknown>, i: number) => {
    if (typeof r.path !== "string" || typeof r.access !== "string" || !/^0x[0-9a-f]+$/.test(r.access)) {
      throw new LandlockcJsonError(`request.pathRules[${i}]: expected path and a "0x…" access`);
    }
    if (r.kind !== "file" && r.kind !== "dir") throw new LandlockcJsonError(`request.pathRules[${i}].kind`);
    const kind: PathKind = r.kind;
    return { path: r.path, access: BigInt(r.access) as FsAccess, kind, reason: String(r.reason ?? "") };
  });
  return { request: { pathRules }, abi: d.abi };
}
