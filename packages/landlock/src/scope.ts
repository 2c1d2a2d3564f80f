// IPC scopes (LANDLOCK_SCOPE_*), ABI 6 and later. A scoped domain cannot
// reach outside itself through the scoped channel: no connecting to abstract
// UNIX sockets created outside the domain, no signals to processes outside it.
import type { KernelAbi } from "./abi.js";
import { type FlagInfo, flagNames, flagsUpTo, type Mask } from "./mask.js";

/** A set of Landlock scopes. */
export type Scope = Mask<"scope">;

export const Scopes = Object.freeze({
  /** Deny connecting to abstract UNIX sockets created outside the domain. ABI 6. */
  ABSTRACT_UNIX_SOCKET: 1n as Scope,
  /** Deny sending signals to processes outside the domain. ABI 6. */
  SIGNAL: 2n as Scope,
});

export type ScopeName = keyof typeof Scopes;

export const SCOPES: readonly FlagInfo<"scope">[] = Object.freeze([
  { name: "ABSTRACT_UNIX_SOCKET", bit: Scopes.ABSTRACT_UNIX_SOCKET, abi: 6 },
  { name: "SIGNAL", bit: Scopes.SIGNAL, abi: 6 },
]);

/** Every scope this library knows. */
export const ALL_SCOPES: Scope = flagsUpTo(SCOPES, 7);

/** The scopes a kernel with this ABI supports (0n before ABI 6). */
export function scopesForAbi(abi: KernelAbi): Scope {
  return flagsUpTo(SCOPES, abi);
}

/** Names of the scopes in mask. */
export function scopeNames(mask: Scope | bigint): string[] {
  return flagNames(SCOPES, mask);
}
