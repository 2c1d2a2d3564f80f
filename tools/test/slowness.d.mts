// Types for slowness.mjs (plain JS so scripts/bootstrap.mjs can use it without a build).
export function slowness(): number;
