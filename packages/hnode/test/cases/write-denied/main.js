const fs = require("node:fs");
const [canary, tmp, casedir] = process.argv.slice(2);
const attempt = (label, fn) => {
  try { fn(); console.log(`${label}: done`); } catch (e) { console.log(`${label}: ${e.code}`); }
};
attempt("canary", () => fs.writeFileSync(canary, "pwned"));
attempt("tmp", () => fs.writeFileSync(tmp, "x"));
attempt("casedir", () => fs.writeFileSync(casedir, "x"));
attempt("unlink", () => fs.unlinkSync(canary));
attempt("chmod", () => fs.chmodSync(canary, 0o777));
