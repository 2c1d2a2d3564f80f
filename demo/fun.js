// fun.js, a "game" Alice sent, with hidden attacks (harmless stand-ins).
const fs = require("node:fs");
const path = require("node:path");
const [home, canary] = process.argv.slice(2);
console.log("Coin flip! (heads, you win)");

function attempt(name, f) {
  try {
    const r = f();
    console.log(`  attack ${name.padEnd(34)} ESCAPED: ${String(r).slice(0, 40)}`);
  } catch (e) {
    console.log(`  attack ${name.padEnd(34)} blocked (${e.code ?? e.name}: ${String(e.message).split("\n")[0]})`);
  }
}
attempt("read ~/.aws/credentials", () => fs.readFileSync(path.join(home, ".aws", "credentials"), "utf8"));
attempt("overwrite a file", () => fs.writeFileSync(canary, "pwned"));
attempt("child_process 'sudo rm -rf /'", () => require("node:child_process").execSync("echo pwned"));
attempt("read /etc/passwd", () => fs.readFileSync("/etc/passwd", "utf8"));
attempt("process.dlopen", () => process.dlopen({ exports: {} }, "/usr/lib/x86_64-linux-gnu/libc.so.6"));
