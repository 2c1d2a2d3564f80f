const cp = require("node:child_process");
const canary = process.argv[2];
const attempt = (label, fn) => {
  try {
    const r = fn();
    console.log(`${label}: ran ${r && r.error ? r.error.code : ""}`);
  } catch (e) {
    console.log(`${label}: ${e.code ?? e.message}`);
  }
};
attempt("spawnSync", () => cp.spawnSync("/bin/sh", ["-c", `echo pwned > ${canary}`]));
attempt("execSync", () => cp.execSync(`echo pwned > ${canary}`));
attempt("execFileSync", () => cp.execFileSync("/bin/sh", ["-c", `echo pwned > ${canary}`]));
attempt("spawn", () => cp.spawn("/bin/sh", ["-c", `echo pwned > ${canary}`]));
attempt("fork", () => cp.fork(__filename));
console.log("done");
