import { readFileSync } from "node:fs";
console.log(`esm: ${typeof require === "undefined" && import.meta.url.endsWith("/main.js")}`);
try {
  readFileSync(new URL("./other.txt", import.meta.url));
  console.log("sibling: read");
} catch (e) {
  console.log(`sibling: ${["EACCES", "ERR_ACCESS_DENIED"].includes(e.code) ? "EACCES|ERR_ACCESS_DENIED" : e.code}`);
}
