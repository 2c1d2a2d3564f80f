console.log(require("./helper"));
