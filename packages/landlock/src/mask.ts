// Typed bigint masks. A mask of filesystem rights cannot be passed where
// network rights are expected: each kind carries a phantom brand. Plain
// bigint operators drop the brand, so combine masks with the helpers below.

declare const maskKind: unique symbol;

/** A set of flags of one kind ("fs", "net", "scope", "restrict-self") as a bigint. */
export type Mask<K extends string> = bigint & { readonly [maskKind]: K };

/** Union of masks of one kind. */
export function union<K extends string>(...masks: readonly Mask<K>[]): Mask<K> {
  let m = 0n;
  for (const x of masks) m |= x;
  return m as Mask<K>;
}

/** Bits present in both masks. */
export function intersect<K extends string>(a: Mask<K>, b: Mask<K>): Mask<K> {
  return (a & b) as Mask<K>;
}

/** Bits of a that are not in b. */
export function without<K extends string>(a: Mask<K>, b: Mask<K>): Mask<K> {
  return (a & ~b) as Mask<K>;
}

/** True when every bit of a is in b. */
export function isSubset<K extends string>(a: Mask<K>, b: Mask<K>): boolean {
  return (a & ~b) === 0n;
}

/** True when a and b share a bit. */
export function overlaps<K extends string>(a: Mask<K>, b: Mask<K>): boolean {
  return (a & b) !== 0n;
}

/** A flag table entry: name, bit, and the ABI that introduced it. */
export interface FlagInfo<K extends string> {
  readonly name: string;
  readonly bit: Mask<K>;
  readonly abi: number;
}

/** Names of the flags set in mask (table order); unknown bits as one hex item. */
export function flagNames<K extends string>(table: readonly FlagInfo<K>[], mask: bigint): string[] {
  const names: string[] = [];
  let rest = mask;
  for (const f of table) {
    if ((mask & f.bit) !== 0n) {
      names.push(f.name);
      rest &= ~f.bit;
    }
  }
  if (rest !== 0n) names.push(`0x${rest.toString(16)}`);
  return names;
}

/** The union of the table's flags introduced at or before abi. */
export function flagsUpTo<K extends string>(table: readonly FlagInfo<K>[], abi: number): Mask<K> {
  let m = 0n;
  for (const f of table) if (f.abi <= abi) m |= f.bit;
  return m as Mask<K>;
}

/** Iterates the single bits set in mask, lowest first. */
export function* bitsOf<K extends string>(mask: Mask<K>): Generator<Mask<K>> {
  let rest = BigInt.asUintN(64, mask);
  while (rest !== 0n) {
    const low = rest & -rest;
    yield low as Mask<K>;
    rest &= ~low;
  }
}
