// Byte encoders for the structs the Landlock syscalls read, laid out as on
// x86_64 and aarch64 (little-endian, LP64). The FFI layer passes these bytes
// as-is; nothing here calls the kernel.
import type { AbiVersion } from "./abi.js";
import type { FsAccess } from "./access-fs.js";
import type { NetAccess } from "./access-net.js";
import type { Scope } from "./scope.js";

/** landlock_create_ruleset flag: return the ABI version instead of creating a ruleset. */
export const LANDLOCK_CREATE_RULESET_VERSION = 1 << 0;
/** landlock_create_ruleset flag: return the bitmask of fixed errata (ABI 7). */
export const LANDLOCK_CREATE_RULESET_ERRATA = 1 << 1;

/** landlock_add_rule rule type: struct landlock_path_beneath_attr. */
export const LANDLOCK_RULE_PATH_BENEATH = 1;
/** landlock_add_rule rule type: struct landlock_net_port_attr (ABI 4). */
export const LANDLOCK_RULE_NET_PORT = 2;

/** sizeof(struct landlock_path_beneath_attr): packed u64 + s32. */
export const PATH_BENEATH_ATTR_SIZE = 12;
/** sizeof(struct landlock_net_port_attr): u64 + u64. */
export const NET_PORT_ATTR_SIZE = 16;

/**
 * The size of struct landlock_ruleset_attr that a kernel with this ABI knows:
 * handled_access_fs (8 bytes), + handled_access_net from ABI 4 (16), + scoped
 * from ABI 6 (24). Passing exactly this size keeps older kernels happy (they
 * reject a larger struct with non-zero bytes they do not understand, E2BIG).
 */
export function rulesetAttrSize(abi: AbiVersion): 8 | 16 | 24 {
  if (abi >= 6) return 24;
  if (abi >= 4) return 16;
  return 8;
}

export interface RulesetAttr {
  readonly handledFs: FsAccess;
  readonly handledNet: NetAccess;
  readonly scoped: Scope;
}

const U64_MAX = (1n << 64n) - 1n;

function checkU64(what: string, v: bigint): void {
  if (v < 0n || v > U64_MAX) throw new RangeError(`${what} does not fit in a u64: ${v}`);
}

/**
 * Encodes struct landlock_ruleset_attr for a kernel with the given ABI.
 * Throws RangeError when a field the ABI lacks is non-zero (the planner never
 * produces that; a caller skipping the planner gets a loud error, not a
 * silently weaker ruleset).
 */
export function encodeRulesetAttr(attr: RulesetAttr, abi: AbiVersion): Uint8Array {
  const size = rulesetAttrSize(abi);
  checkU64("handled_access_fs", attr.handledFs);
  checkU64("handled_access_net", attr.handledNet);
  checkU64("scoped", attr.scoped);
  if (size < 16 && attr.handledNet !== 0n) {
    throw new RangeError(`handled_access_net needs Landlock ABI 4, the ruleset is for ABI ${abi}`);
  }
  if (size < 24 && attr.scoped !== 0n) {
    throw new RangeError(`scoped needs Landlock ABI 6, the ruleset is for ABI ${abi}`);
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, attr.handledFs, true);
  if (size >= 16) view.setBigUint64(8, attr.handledNet, true);
  if (size >= 24) view.setBigUint64(16, attr.scoped, true);
  return bytes;
}

/** Encodes struct landlock_path_beneath_attr { u64 allowed_access; s32 parent_fd } __packed (12 bytes). */
export function encodePathBeneathAttr(allowedAccess: FsAccess, parentFd: number): Uint8Array {
  checkU64("allowed_access", allowedAccess);
  if (!Number.isInteger(parentFd) || parentFd < -(2 ** 31) || parentFd >= 2 ** 31) {
    throw new RangeError(`parent_fd must be an s32, got ${parentFd}`);
  }
  const bytes = new Uint8Array(PATH_BENEATH_ATTR_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, allowedAccess, true);
  view.setInt32(8, parentFd, true);
  return bytes;
}

/** Encodes struct landlock_net_port_attr { u64 allowed_access; u64 port } (16 bytes). Port in host order. */
export function encodeNetPortAttr(allowedAccess: NetAccess, port: number): Uint8Array {
  checkU64("allowed_access", allowedAccess);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer 0..65535, got ${port}`);
  }
  const bytes = new Uint8Array(NET_PORT_ATTR_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, allowedAccess, true);
  view.setBigUint64(8, BigInt(port), true);
  return bytes;
}
