export interface Outcome {
  readonly passed: number;
  readonly total: number | undefined;
}
export function countPasses(
  w: { readonly pass: string; readonly okLine?: string; readonly failLine?: string },
  r: { readonly stdout: string; readonly stderr: string; readonly status: number | null; readonly timedOut?: boolean },
): Outcome;
