// Best-effort (or strict) Landlock planning: from what a host asks for and
// what the kernel offers, compute exactly what will be enforced, as plain
// data, and say in words what could not be enforced. Nothing here touches the
// kernel; the FFI layer in core turns a Plan into syscalls.
import { posix } from "node:path";
import { isKernelAbi, type KernelAbi } from "./abi.js";
import { AccessFs, ALL_FS, FILE_RIGHTS, FS_RIGHTS, type FsAccess, fsRightsForAbi, rightNames } from "./access-fs.js";
import { ALL_NET, NET_RIGHTS, type NetAccess, netRightNames, netRightsForAbi } from "./access-net.js";
import { bitsOf, type FlagInfo, type Mask } from "./mask.js";
import {
  ALL_RESTRICT_SELF_FLAGS,
  RESTRICT_SELF_FLAGS,
  type RestrictSelfFlags,
  restrictSelfFlagNames,
  restrictSelfFlagsForAbi,
} from "./restrict-self.js";
import { ALL_SCOPES, SCOPES, type Scope, scopeNames, scopesForAbi } from "./scope.js";

/** best-effort: enforce what the kernel can and report the rest; strict: refuse unless everything is enforced. */
export type PlanMode = "best-effort" | "strict";

export type PathKind = "file" | "dir";

export interface PathRuleRequest {
  /** Absolute path. Rules on a directory apply beneath it. */
  readonly path: string;
  readonly access: FsAccess;
  /** What the path is. Rules on files keep only FILE_RIGHTS (the kernel rejects others). */
  readonly kind: PathKind;
  /** Why the sandbox grants it, for --explain ("interpreter", "script directory", …). */
  readonly reason: string;
}

export interface PortRuleRequest {
  readonly port: number;
  readonly access: NetAccess;
  readonly reason: string;
}

export interface LandlockRequest {
  /** Filesystem rights to deny unless a rule grants them. Default: every right this library knows. */
  readonly handledFs?: FsAccess;
  /** Network rights to deny unless a port rule grants them. Default: every network right (no TCP bind/connect). */
  readonly handledNet?: NetAccess;
  /** IPC scopes to confine. Default: every scope (no signals or abstract-socket connections out of the sandbox). */
  readonly scopes?: Scope;
  readonly pathRules?: readonly PathRuleRequest[];
  readonly portRules?: readonly PortRuleRequest[];
  /** landlock_restrict_self flags (logging only). Default: none. */
  readonly restrictSelfFlags?: RestrictSelfFlags;
}

export interface PlannedPathRule {
  readonly path: string;
  readonly kind: PathKind;
  /** Non-empty, ⊆ plan.handledFs, ⊆ FILE_RIGHTS for files. */
  readonly access: FsAccess;
  /** The reasons of every request merged into this rule, joined with "; ". */
  readonly reason: string;
  readonly reasons: readonly string[];
}

export interface PlannedPortRule {
  readonly port: number;
  /** Non-empty, ⊆ plan.handledNet. */
  readonly access: NetAccess;
  readonly reason: string;
  readonly reasons: readonly string[];
}

/**
 * What a dropped feature does to the sandbox: "weaker" — something the
 * request denies stays allowed; "stricter" — something the request grants
 * stays denied; "logging" — only audit logging differs.
 */
export type DropEffect = "weaker" | "stricter" | "logging";

export interface DroppedItem {
  /** "landlock", a right ("TRUNCATE", "BIND_TCP"), a scope ("SIGNAL") or a flag name. */
  readonly feature: string;
  readonly neededAbi: number;
  readonly kernelAbi: KernelAbi;
  readonly effect: DropEffect;
  /** One human sentence, e.g. "TRUNCATE needs Landlock ABI 3, kernel has 2: truncating files is not restricted". */
  readonly message: string;
}

export interface Plan {
  readonly abi: KernelAbi;
  readonly mode: PlanMode;
  /** False when nothing is enforced (no Landlock, or nothing the kernel can handle). Then skip Landlock entirely. */
  readonly enforced: boolean;
  readonly handledFs: FsAccess;
  readonly handledNet: NetAccess;
  readonly scoped: Scope;
  readonly pathRules: readonly PlannedPathRule[];
  readonly portRules: readonly PlannedPortRule[];
  readonly restrictSelfFlags: RestrictSelfFlags;
  readonly dropped: readonly DroppedItem[];
}

export type LandlockPlanErrorKind = "invalid-request" | "unsupported";

/** The request is malformed, or (strict mode) the kernel cannot enforce all of it. */
export class LandlockPlanError extends Error {
  override readonly name = "LandlockPlanError";
  constructor(
    readonly kind: LandlockPlanErrorKind,
    /** One line per problem. */
    readonly problems: readonly string[],
    /** In strict mode: the items best-effort would have dropped. */
    readonly dropped: readonly DroppedItem[] = [],
  ) {
    super(
      kind === "unsupported"
        ? `Landlock cannot enforce the whole policy: ${problems.join("; ")}`
        : `invalid Landlock request: ${problems.join("; ")}`,
    );
  }
}

// What stays possible when a handled right cannot be handled.
const FS_CONSEQUENCE: Partial<Record<string, string>> = {
  TRUNCATE: "truncating files (truncate, O_TRUNC) is not restricted",
  IOCTL_DEV: "ioctl on device files is not restricted",
};
const NET_CONSEQUENCE: Record<string, string> = {
  BIND_TCP: "binding TCP ports is not restricted",
  CONNECT_TCP: "connecting to TCP ports is not restricted",
};
const SCOPE_CONSEQUENCE: Record<string, string> = {
  ABSTRACT_UNIX_SOCKET: "connecting to abstract UNIX sockets outside the sandbox is not blocked",
  SIGNAL: "signals to processes outside the sandbox are not blocked",
};

// Collapses "//", "/./" and a trailing "/". ".." is refused in validate():
// resolving it lexically could name another file than the kernel would when a
// component is a symlink, so callers pass resolved paths.
function normalizePath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith("/") ? n.slice(0, -1) : n;
}

function hex(m: bigint): string {
  return `0x${m.toString(16)}`;
}

function validate(req: LandlockRequest, abi: unknown): string[] {
  const problems: string[] = [];
  if (!isKernelAbi(abi)) problems.push(`kernel ABI must be 0..7, got ${String(abi)}`);
  const checkMask = (what: string, m: bigint | undefined, known: bigint) => {
    if (m === undefined) return;
    if (typeof m !== "bigint" || m < 0n) problems.push(`${what} must be a non-negative bigint mask`);
    else if ((m & ~known) !== 0n) problems.push(`${what} has unknown bits ${hex(m & ~known)}`);
  };
  checkMask("handledFs", req.handledFs, ALL_FS);
  checkMask("handledNet", req.handledNet, ALL_NET);
  checkMask("scopes", req.scopes, ALL_SCOPES);
  checkMask("restrictSelfFlags", req.restrictSelfFlags, ALL_RESTRICT_SELF_FLAGS);
  const kinds = new Map<string, PathKind>();
  for (const r of req.pathRules ?? []) {
    if (typeof r.path !== "string" || !r.path.startsWith("/") || r.path.includes("\0")) {
      problems.push(`path rule needs an absolute path without NUL, got ${JSON.stringify(r.path)}`);
      continue;
    }
    if (r.path.split("/").includes("..")) {
      problems.push(`path rule ${r.path} contains "..": pass a resolved path`);
      continue;
    }
    if (r.kind !== "file" && r.kind !== "dir") problems.push(`path rule ${r.path}: kind must be "file" or "dir"`);
    checkMask(`path rule ${r.path}`, r.access, ALL_FS);
    if (r.access === 0n) problems.push(`path rule ${r.path} grants nothing`);
    const p = normalizePath(r.path);
    const k = kinds.get(p);
    if (k !== undefined && k !== r.kind) problems.push(`path ${p} is given both as a file and as a directory`);
    kinds.set(p, r.kind);
  }
  for (const r of req.portRules ?? []) {
    if (!Number.isInteger(r.port) || r.port < 0 || r.port > 65535) {
      problems.push(`port rule needs a port 0..65535, got ${String(r.port)}`);
    }
    checkMask(`port rule ${r.port}`, r.access, ALL_NET);
    if (r.access === 0n) problems.push(`port rule ${r.port} grants nothing`);
  }
  return problems;
}

function pushReason(reasons: string[], reason: string): void {
  const r = reason.trim();
  if (r !== "" && !reasons.includes(r)) reasons.push(r);
}

function droppedBits<K extends string>(
  table: readonly FlagInfo<K>[],
  missing: Mask<K>,
  abi: KernelAbi,
  make: (name: string, neededAbi: number) => DroppedItem | null,
): DroppedItem[] {
  const out: DroppedItem[] = [];
  for (const bit of bitsOf(missing)) {
    const info = table.find((f) => f.bit === bit);
    if (info === undefined || info.abi <= abi) continue;
    const item = make(info.name, info.abi);
    if (item) out.push(item);
  }
  return out;
}

/**
 * Plans a Landlock ruleset for a kernel with the given ABI.
 *
 * Output invariants: handled masks ⊆ what the ABI supports; every rule is
 * non-empty and ⊆ the handled mask; file rules carry only FILE_RIGHTS; rules
 * on the same path (or port) are merged, rights OR'ed, reasons kept in order.
 *
 * Throws LandlockPlanError("invalid-request") for a malformed request (any
 * mode), and LandlockPlanError("unsupported") in strict mode when anything
 * would be dropped.
 */
export function planLandlock(request: LandlockRequest, abi: KernelAbi, mode: PlanMode = "best-effort"): Plan {
  const problems = validate(request, abi);
  if (problems.length > 0) throw new LandlockPlanError("invalid-request", problems);

  const wantFs = request.handledFs ?? ALL_FS;
  const wantNet = request.handledNet ?? ALL_NET;
  const wantScopes = request.scopes ?? ALL_SCOPES;
  const wantFlags = request.restrictSelfFlags ?? (0n as RestrictSelfFlags);

  // Merge requested rules first (same path → one rule), so drop messages can
  // name the paths a dropped right was meant for.
  const merged = new Map<string, { kind: PathKind; access: bigint; reasons: string[] }>();
  for (const r of request.pathRules ?? []) {
    const p = normalizePath(r.path);
    let m = merged.get(p);
    if (!m) {
      m = { kind: r.kind, access: 0n, reasons: [] };
      merged.set(p, m);
    }
    // Granting an unhandled right is a no-op (unhandled rights are allowed
    // everywhere), so masking with the handled set never changes the policy.
    m.access |= r.access & wantFs;
    pushReason(m.reasons, r.reason);
  }
  const ports = new Map<number, { access: bigint; reasons: string[] }>();
  for (const r of request.portRules ?? []) {
    let m = ports.get(r.port);
    if (!m) {
      m = { access: 0n, reasons: [] };
      ports.set(r.port, m);
    }
    m.access |= r.access & wantNet;
    pushReason(m.reasons, r.reason);
  }

  if (abi === 0) {
    const item: DroppedItem = {
      feature: "landlock",
      neededAbi: 1,
      kernelAbi: 0,
      effect: "weaker",
      message:
        "Landlock is not available in this kernel (or disabled at boot): no filesystem, network or scope restriction is enforced",
    };
    if (mode === "strict") throw new LandlockPlanError("unsupported", [item.message], [item]);
    return Object.freeze({
      abi,
      mode,
      enforced: false,
      handledFs: 0n as FsAccess,
      handledNet: 0n as NetAccess,
      scoped: 0n as Scope,
      pathRules: [],
      portRules: [],
      restrictSelfFlags: 0n as RestrictSelfFlags,
      dropped: [item],
    });
  }

  const handledFs = (wantFs & fsRightsForAbi(abi)) as FsAccess;
  const handledNet = (wantNet & netRightsForAbi(abi)) as NetAccess;
  const scoped = (wantScopes & scopesForAbi(abi)) as Scope;
  const restrictSelfFlags = (wantFlags & restrictSelfFlagsForAbi(abi)) as RestrictSelfFlags;

  const dropped: DroppedItem[] = [];
  const needs = (name: string, n: number, what = "") => `${name}${what} needs Landlock ABI ${n}, kernel has ${abi}`;

  dropped.push(
    ...droppedBits(FS_RIGHTS, (wantFs & ~handledFs) as FsAccess, abi, (name, n) => {
      if (name === "REFER") {
        // Landlock denies reparenting (rename/link into another directory)
        // by default whether REFER is handled or not, and ABI 1 cannot grant
        // it at all. Not handling REFER on ABI 1 therefore loses nothing —
        // unless a rule wanted to grant it: then the sandbox is stricter.
        const granted = [...merged].filter(([, m]) => m.kind === "dir" && (m.access & AccessFs.REFER) !== 0n);
        if (granted.length === 0) return null;
        return {
          feature: name,
          neededAbi: n,
          kernelAbi: abi,
          effect: "stricter",
          message: `${needs(name, n)}: moving or linking files into another directory stays denied (EXDEV) everywhere, also beneath ${granted.map(([p]) => p).join(", ")}`,
        };
      }
      return {
        feature: name,
        neededAbi: n,
        kernelAbi: abi,
        effect: "weaker",
        message: `${needs(name, n)}: ${FS_CONSEQUENCE[name] ?? `${name} is not restricted`}`,
      };
    }),
  );
  const droppedPorts = [...ports].filter(([, m]) => (m.access & ~handledNet) !== 0n).map(([p]) => p);
  dropped.push(
    ...droppedBits(NET_RIGHTS, (wantNet & ~handledNet) as NetAccess, abi, (name, n) => ({
      feature: name,
      neededAbi: n,
      kernelAbi: abi,
      effect: "weaker",
      message: `${needs(name, n)}: ${NET_CONSEQUENCE[name] ?? `${name} is not restricted`}${
        droppedPorts.length > 0 ? ` (port rules ${droppedPorts.join(", ")} are moot)` : ""
      }`,
    })),
  );
  dropped.push(
    ...droppedBits(SCOPES, (wantScopes & ~scoped) as Scope, abi, (name, n) => ({
      feature: name,
      neededAbi: n,
      kernelAbi: abi,
      effect: "weaker",
      message: `${needs(name, n, " scope")}: ${SCOPE_CONSEQUENCE[name] ?? `${name} is not scoped`}`,
    })),
  );
  dropped.push(
    ...droppedBits(RESTRICT_SELF_FLAGS, (wantFlags & ~restrictSelfFlags) as RestrictSelfFlags, abi, (name, n) => ({
      feature: name,
      neededAbi: n,
      kernelAbi: abi,
      effect: "logging",
      message: `${needs(name, n, " (restrict_self flag)")}: denials are logged as the kernel does by default`,
    })),
  );

  const pathRules: PlannedPathRule[] = [];
  for (const [path, m] of merged) {
    const mask = m.kind === "file" ? handledFs & FILE_RIGHTS : handledFs;
    const access = (m.access & mask) as FsAccess;
    if (access === 0n) continue; // nothing left to grant: the rights are unhandled (allowed) or meaningless here
    pathRules.push(Object.freeze({ path, kind: m.kind, access, reason: m.reasons.join("; "), reasons: m.reasons }));
  }
  const portRules: PlannedPortRule[] = [];
  for (const [port, m] of ports) {
    const access = (m.access & handledNet) as NetAccess;
    if (access === 0n) continue;
    portRules.push(Object.freeze({ port, access, reason: m.reasons.join("; "), reasons: m.reasons }));
  }

  if (mode === "strict" && dropped.length > 0) {
    throw new LandlockPlanError(
      "unsupported",
      dropped.map((d) => d.message),
      dropped,
    );
  }
  return Object.freeze({
    abi,
    mode,
    enforced: handledFs !== 0n || handledNet !== 0n || scoped !== 0n,
    handledFs,
    handledNet,
    scoped,
    pathRules: Object.freeze(pathRules),
    portRules: Object.freeze(portRules),
    restrictSelfFlags,
    dropped: Object.freeze(dropped),
  });
}

// Compact labels for --explain: named bundles first, leftover rights by name.
const LABELS: readonly { label: string; bits: bigint }[] = [
  { label: "read", bits: AccessFs.READ_FILE | AccessFs.READ_DIR },
  { label: "exec", bits: AccessFs.EXECUTE },
  { label: "write", bits: AccessFs.WRITE_FILE | AccessFs.TRUNCATE },
  {
    label: "create",
    bits:
      AccessFs.MAKE_REG |
      AccessFs.MAKE_DIR |
      AccessFs.MAKE_SYM |
      AccessFs.MAKE_SOCK |
      AccessFs.MAKE_FIFO |
      AccessFs.MAKE_CHAR |
      AccessFs.MAKE_BLOCK,
  },
  { label: "remove", bits: AccessFs.REMOVE_FILE | AccessFs.REMOVE_DIR },
  { label: "refer", bits: AccessFs.REFER },
  { label: "ioctl", bits: AccessFs.IOCTL_DEV },
];

/**
 * A short label for a rule's rights, e.g. "read+exec". A bundle label is used
 * when the rule has every right of the bundle that applies (handled, and
 * meaningful for the kind); leftover rights are listed by lower-case name.
 */
export function accessLabel(access: FsAccess, handled: FsAccess, kind: PathKind): string {
  const applicable = kind === "file" ? handled & FILE_RIGHTS : handled;
  const parts: string[] = [];
  let rest: bigint = access;
  for (const { label, bits } of LABELS) {
    const want = bits & applicable;
    if (want !== 0n && (access & want) === want) {
      parts.push(label);
      rest &= ~want;
    }
  }
  for (const name of rightNames(rest)) parts.push(name.toLowerCase());
  return parts.length > 0 ? parts.join("+") : "none";
}

/** The plan in human words, one line per fact, for --explain. */
export function describePlan(plan: Plan): string[] {
  const lines: string[] = [];
  if (!plan.enforced) {
    lines.push(`Landlock: not enforced (kernel ABI ${plan.abi}, ${plan.mode})`);
  } else {
    lines.push(`Landlock ABI ${plan.abi} (${plan.mode}): everything handled below is denied unless a rule grants it`);
    const list = (xs: string[]) => (xs.length > 0 ? xs.join(" ").toLowerCase() : "none");
    lines.push(`  handled filesystem rights: ${list(rightNames(plan.handledFs))}`);
    lines.push(`  handled network rights:    ${list(netRightNames(plan.handledNet))}`);
    lines.push(`  scoped:                    ${list(scopeNames(plan.scoped))}`);
    if (plan.restrictSelfFlags !== 0n) {
      lines.push(`  restrict_self flags:       ${list(restrictSelfFlagNames(plan.restrictSelfFlags))}`);
    }
    const rows = plan.pathRules.map((r) => ({
      label: accessLabel(r.access, plan.handledFs, r.kind),
      what: r.kind === "dir" ? `${r.path === "/" ? "/" : `${r.path}/`}` : r.path,
      reason: r.reason,
    }));
    for (const r of plan.portRules) {
      rows.push({
        label: netRightNames(r.access).join("+").toLowerCase(),
        what: `tcp port ${r.port}`,
        reason: r.reason,
      });
    }
    const w1 = Math.max(0, ...rows.map((r) => r.label.length));
    const w2 = Math.max(0, ...rows.map((r) => r.what.length));
    for (const r of rows) {
      lines.push(`${r.label.padEnd(w1)}  ${r.reason ? `${r.what.padEnd(w2)}  (${r.reason})` : r.what}`);
    }
  }
  for (const d of plan.dropped) lines.push(`dropped: ${d.message}`);
  return lines;
}
