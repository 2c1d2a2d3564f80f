// Types for tools/gen-syscall-tables.mjs (so TypeScript tests can import it).

export interface HeaderTexts {
  readonly x86_64: string;
  readonly generic: string;
  readonly version?: string | undefined;
}
export interface LaterSyscall {
  readonly name: string;
  readonly nr: number;
  readonly since: string;
  readonly arches: readonly ("x86_64" | "aarch64")[];
}
export declare const HEADER_PATHS: Readonly<{ x86_64: string; generic: string; version: string }>;
export declare const ARM64_DEFINES: Readonly<Record<string, string>>;
export declare const LATER_SYSCALLS: readonly LaterSyscall[];
export declare const OUT_DIR: string;
export declare function parseX86_64(text: string): Map<string, number>;
export declare function preprocess(text: string, predefined: Readonly<Record<string, string>>): Map<string, string>;
export declare function parseGeneric(text: string, defines?: Readonly<Record<string, string>>): Map<string, number>;
export declare function headerVersion(text: string | undefined): string | undefined;
export declare function generate(headers: HeaderTexts): { "x86_64.ts": string; "aarch64.ts": string };
export declare function readHeaders(paths?: { x86_64: string; generic: string; version: string }): HeaderTexts;
