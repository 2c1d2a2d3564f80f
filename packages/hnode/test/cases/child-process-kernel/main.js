const cp = require("node:child_process");
console.log("trying");
const r = cp.spawnSync("/bin/sh", ["-c", `echo pwned > ${process.argv[2]}`]);
console.log("spawned", r.status, r.error && r.error.code);
