const fs = require("node:fs");
const os = require("node:os");
fs.writeFileSync(os.devNull, "discarded");
console.log("write ok");
console.log(`read ${fs.readFileSync(os.devNull).length}`);
const s = fs.createWriteStream(os.devNull);
s.end("more", () => {
  console.log("stream ok");
  console.log("done");
});
