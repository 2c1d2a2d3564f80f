const fs = require("node:fs");
const secret = process.argv[2];
const code = (e) => e.code;
(async () => {
  await fs.promises.readFile(secret, "utf8").then(console.log, (e) => console.log(`promises: ${code(e)}`));
  await new Promise((done) => fs.readFile(secret, "utf8", (e, d) => { console.log(e ? `callback: ${code(e)}` : d); done(); }));
  await new Promise((done) => fs.createReadStream(secret).on("error", (e) => { console.log(`stream: ${code(e)}`); done(); }).on("data", (d) => console.log(String(d))));
})();
