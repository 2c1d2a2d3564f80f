const fs = require("node:fs");
const buf = Buffer.alloc(4096);
for (let fd = 3; fd < 40; fd++) {
  try {
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    if (buf.subarray(0, n).includes("aws_secret")) console.log(`fd ${fd}: SECRET ${buf.subarray(0, n)}`);
  } catch {}
}
try { fs.readFileSync("/proc/self/fd/3"); console.log("/proc/self/fd/3: OPENED"); } catch (e) { console.log(`/proc/self/fd/3: ${e.code}`); }
console.log("done");
