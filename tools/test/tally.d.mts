// Types for tally.mjs (a plain module, so scripts/bootstrap.mjs can use it without a build).
export type TestState = "passed" | "failed" | "skipped" | "pending";
export interface ModuleRecord {
  readonly file: string;
  readonly state: string;
  readonly tests: readonly { readonly name: string; readonly state: TestState }[];
  readonly errors: readonly string[];
}
export interface RunRecord {
  readonly expected: readonly string[];
  readonly modules: readonly ModuleRecord[];
  readonly unhandled: readonly string[];
  readonly end?: string;
}
export interface Tally {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: readonly string[];
  /** Tests whose name says "[attacks: ...]", and how many of them failed. */
  readonly attacks: number;
  readonly attacksFailed: number;
}
export function tally(record: RunRecord | undefined, exitCode: number): Tally;
export function closingLine(t: Tally): string;
