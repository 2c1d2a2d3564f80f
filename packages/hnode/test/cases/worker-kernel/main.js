const { Worker } = require("node:worker_threads");
const code = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
parentPort.postMessage("says: " + workerData.n * 2);
for (const [k, p] of [["secret", workerData.secret], ["passwd", "/etc/passwd"]]) {
  try { parentPort.postMessage(k + " read: " + fs.readFileSync(p, "utf8")); }
  catch (e) { parentPort.postMessage(k + ": " + e.code); }
}`;
const w = new Worker(code, { eval: true, execArgv: [], workerData: { n: 21, secret: process.argv[2] } });
w.on("message", (m) => console.log(`worker ${m}`));
w.on("error", (e) => console.log(`worker error: ${e.message}`));
w.on("exit", (c) => console.log(`worker exit ${c}`));
