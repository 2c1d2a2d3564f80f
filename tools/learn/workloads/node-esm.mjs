// strace-learn workload: ESM static and dynamic imports, top-level await, import.meta.

import { createRequire } from "node:module";
import { value } from "./node-esm-dep.mjs";

const { readFileSync } = await import("node:fs");
const require = createRequire(import.meta.url);
require("node:path");
readFileSync(new URL(import.meta.url));
console.log("esm ok", value);
