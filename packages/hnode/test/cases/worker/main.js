const { Worker } = require("node:worker_threads");
try {
  const w = new Worker("require('worker_threads').parentPort.postMessage(require('fs').readFileSync(process.argv[2], 'utf8'))", { eval: true, execArgv: [], argv: [process.argv[2]] });
  w.on("message", (m) => console.log("worker read:", m));
  w.on("error", (e) => console.log(`worker error: ${e.code}`));
} catch (e) {
  console.log(`worker: ${e.code}`);
}
