// Types for tools/workspace.mjs (so TypeScript tests and tools can import it).

export interface Host {
  /** The package name, also its directory under packages/ and its bin's name. */
  readonly name: string;
  /** Absolute path of packages/<name>. */
  readonly dir: string;
  /** Absolute path of the bin (packages/<name>/dist/bin.js), built or not. */
  readonly bin: string;
}
export declare const REPO: string;
export declare function hosts(repo?: string): Host[];
export declare function hostNames(repo?: string): string[];
export declare function hostBin(name: string, repo?: string): string;
export declare function forEveryHost<T extends Record<string, unknown>>(what: string, record: T, repo?: string): T;
