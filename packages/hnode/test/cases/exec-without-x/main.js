const { spawnSync } = require("node:child_process");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const prog = join(__dirname, "prog");
writeFileSync(prog, `#!${process.execPath}\nconsole.log("child ran");\n`, { mode: 0o755 });
try {
  const r = spawnSync(prog, [], { encoding: "utf8" });
  console.log(`prog: ${r.error ? r.error.code : r.stdout.trim()}`);
} catch (e) {
  console.log(`prog: ${e.code}`);
}
