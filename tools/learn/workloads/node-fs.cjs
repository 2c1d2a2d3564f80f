// strace-learn workload: file reads, sync and through the libuv thread pool.
const fs = require("node:fs");
const self = fs.readFileSync(__filename, "utf8");
fs.statSync(__dirname);
fs.readdirSync(__dirname);
fs.existsSync("/nonexistent");
try {
  fs.readFileSync("/etc/shadow");
} catch {}
fs.readFile(__filename, (e, b) => {
  fs.promises.readFile(__filename).then(async (b2) => {
    const fh = await fs.promises.open(__filename, "r");
    await fh.stat();
    await fh.close();
    await fs.promises.readdir(__dirname);
    fs.createReadStream(__filename)
      .on("data", () => {})
      .on("end", () => console.log("fs ok", self.length, b.length, b2.length));
  });
});
