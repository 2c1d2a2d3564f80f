// strace-learn workload: worker_threads (a thread with its own isolate), messaging.
const { Worker, isMainThread, parentPort } = require("node:worker_threads");
if (isMainThread) {
  const w = new Worker(__filename);
  w.on("message", (m) => {
    console.log("worker said", m);
  });
  w.on("exit", (c) => console.log("worker exit", c));
  w.postMessage(21);
} else {
  parentPort.once("message", (m) => {
    parentPort.postMessage(m * 2);
  });
}
