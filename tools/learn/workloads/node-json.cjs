// strace-learn workload: a big JSON round trip (heap growth, GC, large allocations).
const a = [];
for (let i = 0; i < 300000; i++) a.push({ i, s: `item-${i}`, f: i / 3, t: [i, i + 1] });
const s = JSON.stringify(a);
const b = JSON.parse(s);
console.log("json ok", s.length, b.length);
