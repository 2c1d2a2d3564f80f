const os = require("node:os");
const fs = require("node:fs");
console.log(`homedir ${os.homedir()}`);
console.log(process.env.USER && process.env.USER === process.env.LOGNAME ? "user ok" : `user ${process.env.USER}`);
console.log(`required: ${require("./uses-home.js").configDir}`);
try {
  console.log(`userInfo: ALLOWED ${os.userInfo().username}`);
} catch (e) {
  console.log(`userInfo: ${e.code}`);
}
try {
  fs.readFileSync("/etc/passwd");
  console.log("passwd: ALLOWED");
} catch (e) {
  console.log(`passwd: ${e.code}`);
}
console.log("done");
