-- debug.setmetatable and getmetatable on every type, the registry, user values.
print("string mt", debug.getmetatable("").__index == string)
debug.setmetatable(0, { __index = { double = function(n) return n * 2 end } })
print("number method", (21):double())
debug.setmetatable(0, nil)
debug.setmetatable(nil, { __index = function() return "from nil" end })
local x = nil
print("nil index", x.anything)
debug.setmetatable(nil, nil)
debug.setmetatable(print, { __index = { kind = "function" } })
print("function index", print.kind)
debug.setmetatable(print, nil)
local t = setmetatable({}, { __metatable = "locked" })
print("locked", getmetatable(t), type(debug.getmetatable(t)))
print("registry", type(debug.getregistry()), debug.getregistry()._LOADED == package.loaded)
print("user value of a file", debug.getuservalue(io.stdout, 1))
print("setuservalue", pcall(debug.setuservalue, io.stdout, 1, 1))
print("setcstacklimit", debug.setcstacklimit(1000))
print("require debug", require("debug") == debug)
local names = {}
for k in pairs(debug) do names[#names + 1] = k end
table.sort(names)
print("debug", table.concat(names, " "))
