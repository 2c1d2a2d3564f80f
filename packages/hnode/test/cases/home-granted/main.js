const os = require("node:os");
console.log(os.homedir() === process.argv[2] ? "home is the real one" : `home is ${os.homedir()}`);
