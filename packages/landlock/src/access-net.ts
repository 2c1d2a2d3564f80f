// Network access rights (LANDLOCK_ACCESS_NET_*), ABI 4 and later. They apply
// to TCP ports through LANDLOCK_RULE_NET_PORT rules.
import type { KernelAbi } from "./abi.js";
import { type FlagInfo, flagNames, flagsUpTo, type Mask } from "./mask.js";

/** A set of Landlock network access rights. */
export type NetAccess = Mask<"net">;

export const AccessNet = Object.freeze({
  /** Bind a TCP socket to a local port. ABI 4. */
  BIND_TCP: 1n as NetAccess,
  /** Connect a TCP socket to a remote port. ABI 4. */
  CONNECT_TCP: 2n as NetAccess,
});

export type NetRightName = keyof typeof AccessNet;

export const NET_RIGHTS: readonly FlagInfo<"net">[] = Object.freeze([
  { name: "BIND_TCP", bit: AccessNet.BIND_TCP, abi: 4 },
  { name: "CONNECT_TCP", bit: AccessNet.CONNECT_TCP, abi: 4 },
]);

/** Every network right this library knows. */
export const ALL_NET: NetAccess = flagsUpTo(NET_RIGHTS, 7);

/** The network rights a kernel with this ABI can handle (0n before ABI 4). */
export function netRightsForAbi(abi: KernelAbi): NetAccess {
  return flagsUpTo(NET_RIGHTS, abi);
}

/** Names of the network rights in mask. */
export function netRightNames(mask: NetAccess | bigint): string[] {
  return flagNames(NET_RIGHTS, mask);
}
