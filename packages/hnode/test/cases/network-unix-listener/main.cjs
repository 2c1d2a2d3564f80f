const s = require("node:net").connect(process.argv[2]); s.on("connect", () => console.log("unix: CONNECTED")); s.on("error", (e) => { console.log(`unix: ${e.code}`); console.log("done"); });
