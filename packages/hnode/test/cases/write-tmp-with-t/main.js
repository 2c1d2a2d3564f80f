const fs = require("node:fs");
const [tmp, canary] = process.argv.slice(2);
fs.writeFileSync(tmp, "written by node\n");
console.log("tmp write ok");
try { fs.writeFileSync(canary, "pwned"); } catch (e) { console.log(`canary: ${e.code}`); }
