const fs = require("node:fs");
let n = 0;
try { for (;;) { fs.openSync(__filename, "r"); n++; } } catch (e) { console.log(`${e.code} after ${n}`); }
