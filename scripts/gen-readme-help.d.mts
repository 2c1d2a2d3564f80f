// Types for scripts/gen-readme-help.mjs (so TypeScript tests can import it).

/** The part of an --explain=json document the rlimits table reads. */
export interface ExplainRlimits {
  readonly summary: { readonly rlimits: Readonly<Record<string, { readonly value: string; readonly source: string }>> };
  readonly policy: { readonly nproc?: { readonly allowance: number; readonly why: string } };
}
export declare const HOSTS: readonly string[];
export declare function hostHelp(host: string): string;
export declare function explainJson(host: string): ExplainRlimits;
export declare function rlimitsTableFromExplain(doc: ExplainRlimits): string;
export declare function rlimitsTable(host: string): string;
export declare function replaceBlock(text: string, name: string, body: string, file: string): string;
export declare function expectedFiles(): Promise<Map<string, string>>;
