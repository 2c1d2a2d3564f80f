// Like the npm package resolve: asks for the home directory when it loads.
const os = require("node:os");
const path = require("node:path");
exports.configDir = path.join(os.homedir(), ".config");
