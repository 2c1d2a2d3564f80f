local h = require("helper"); print(h.greet())
