const fs = require("node:fs");
for (const p of ["/dev/tty", "/dev/console", "/dev/ptmx"]) {
  try { fs.openSync(p, "r+"); console.log(`${p}: OPENED`); } catch (e) { console.log(`${p}: ${e.code}`); }
}
console.log("done");
