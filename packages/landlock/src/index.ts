// @hsandbox/landlock — Landlock planning and the ELF facts it needs. Pure:
// never calls a Landlock syscall; reads files only through injectable readers.
export * from "./abi.js";
export * from "./access-fs.js";
export * from "./access-net.js";
export * from "./attr.js";
export * from "./bytes.js";
export * from "./closure.js";
export * from "./elf.js";
export * from "./ldcache.js";
export * from "./mask.js";
export * from "./plan.js";
export * from "./restrict-self.js";
export * from "./scope.js";
