const a = process.argv;
console.log(`argc=${a.length}`);
console.log(`argv0 is execPath: ${a[0] === process.execPath}`);
console.log(`argv1 ends with main.js: ${a[1].endsWith("/main.js")}`);
console.log(`args=${a.slice(2).join("|")}`);
console.log(`main: ${require.main === module}`);
console.log(`env keys: ${Object.keys(process.env).sort().join(",")}`);
