// strace-learn workload: zlib sync and async (thread pool), brotli.
const zlib = require("node:zlib");
const data = Buffer.alloc(1 << 20, "abc");
const z = zlib.gzipSync(data);
zlib.gunzipSync(z);
zlib.brotliCompressSync(data.subarray(0, 65536));
zlib.deflate(data, (e, d) => zlib.inflate(d, (e2, r) => console.log("zlib ok", r.length)));
