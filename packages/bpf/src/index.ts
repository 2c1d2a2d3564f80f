export * from "./rule.js";
export * from "./constants.js";
export * from "./syscalls/index.js";
export * from "./promises.js";
