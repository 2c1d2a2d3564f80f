import { total } from "./pkg/index.mjs";
console.log(`imported ${total} modules`);
