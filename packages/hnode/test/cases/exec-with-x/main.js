// The test runner copies cases without execute bits, so the program is
// written here (mode 0755) beneath the script's directory. Its #! line names
// the node being run: the interpreter is the one other executable file the
// sandbox grants. The child inherits Landlock, the filter and the rlimits.
const { spawnSync } = require("node:child_process");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const prog = join(__dirname, "prog");
writeFileSync(
  prog,
  `#!${process.execPath}\nlet r; try { require("fs").readFileSync("/etc/passwd"); r = "read"; } catch (e) { r = e.code; }\nconsole.log("child ran in the sandbox, passwd " + r);\n`,
  { mode: 0o755 },
);
const r = spawnSync(prog, [], { encoding: "utf8" });
console.log(`prog: ${r.error ? r.error.code : r.stdout.trim()} ${r.stderr}`);
const s = spawnSync("/bin/sh", ["-c", "echo sh ran"], { encoding: "utf8" });
console.log(`sh: ${s.error ? s.error.code : s.stdout.trim()}`);
