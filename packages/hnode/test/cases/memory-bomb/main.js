const a = [];
for (let i = 0; ; i++) a.push({ i, s: "x".repeat(100) + i, arr: new Array(20).fill(i) });
