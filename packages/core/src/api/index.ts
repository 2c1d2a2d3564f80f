// The programmatic API (docs/api.md). Hosts re-export bindHost(...) results.
export * from "./options.js";
export * from "./process.js";
