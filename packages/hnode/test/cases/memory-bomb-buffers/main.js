const a = [];
let n = 0;
try {
  for (;;) {
    a.push(Buffer.alloc(64 << 20, 1));
    n++;
  }
} catch (e) {
  console.log(`stopped after ${n * 64} MB: ${e.message}`);
}
