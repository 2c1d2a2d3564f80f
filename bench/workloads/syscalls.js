// 200k fs.statSync of this file, then 200k 16-byte fs.readSync at offset 0.
import fs from "node:fs";

const N = Number(process.argv[2] ?? 200000);
const me = new URL(import.meta.url).pathname;
const t = performance.now();
for (let i = 0; i < N; i++) fs.statSync(me);
const fd = fs.openSync(me, "r");
const buf = Buffer.alloc(16);
for (let i = 0; i < N; i++) fs.readSync(fd, buf, 0, 16, 0);
fs.closeSync(fd);
console.log(((performance.now() - t) / 1000).toFixed(6));
