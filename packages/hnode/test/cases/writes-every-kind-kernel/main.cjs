const fs = require("node:fs");
const p = fs.promises;
const attempt = async (label, fn) => {
  try { const r = await fn(); console.log(`${label}: DONE ${r === undefined ? "" : String(r).slice(0, 80)}`); }
  catch (e) { console.log(`${label}: ${e.code || e.message}`); }
};

(async () => {
  const [canary, work] = process.argv.slice(2);
  await attempt("write", () => fs.writeFileSync(canary, "pwned"));
  await attempt("append", () => fs.appendFileSync(canary, "pwned"));
  await attempt("truncate", () => fs.truncateSync(canary, 0));
  await attempt("unlink", () => fs.unlinkSync(canary));
  await attempt("rename", () => fs.renameSync(canary, `${work}/moved`));
  await attempt("link", () => fs.linkSync(canary, `${work}/hard`));
  await attempt("symlink", () => fs.symlinkSync(canary, `${work}/sym`));
  await attempt("mkdir", () => fs.mkdirSync(`${work}/d`));
  await attempt("copyFile", () => fs.copyFileSync(canary, `${work}/copy`));
  await attempt("open wx", () => fs.openSync(`${work}/new`, "wx"));
  await attempt("chmod", () => fs.chmodSync(canary, 0o777));
  await attempt("chown", () => fs.chownSync(canary, 0, 0));
  await attempt("utimes", () => fs.utimesSync(canary, 0, 0));
  await attempt("p.write", () => p.writeFile(canary, "pwned"));
  await attempt("p.unlink", () => p.unlink(canary));
  await attempt("p.rename", () => p.rename(canary, `${work}/moved`));
  await attempt("p.mkdir", () => p.mkdir(`${work}/d2`));
  await attempt("p.symlink", () => p.symlink(canary, `${work}/sym2`));
  await attempt("p.chmod", () => p.chmod(canary, 0o777));
  await attempt("p.utimes", () => p.utimes(canary, 0, 0));
  await attempt("stream", () => new Promise((ok, ko) => { const s = fs.createWriteStream(canary, { flags: "a" }); s.on("error", ko); s.on("open", () => ok("opened")); }));
  console.log("done");
})();
