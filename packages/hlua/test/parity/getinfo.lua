-- debug.getinfo on functions and stack levels.
local function f(a, b, ...)
  local x = a
  return x
end
local i = debug.getinfo(f, "Su")
print("f", i.what, i.short_src:match("[^/]*$"), i.linedefined, i.lastlinedefined, i.nups, i.nparams, i.isvararg)
local lines = {}
for l in pairs(debug.getinfo(f, "L").activelines) do lines[#lines + 1] = l end
table.sort(lines)
print("activelines", table.concat(lines, ","))
local p = debug.getinfo(print, "Su")
print("print", p.what, p.short_src, p.source, p.nups, p.isvararg)
print("func", debug.getinfo(f, "f").func == f)
print("level 1", debug.getinfo(1, "l").currentline, debug.getinfo(1, "S").what)
print("level 2", debug.getinfo(2, "S").what, debug.getinfo(2, "n").name, debug.getinfo(2, "l").currentline)
local function named() return debug.getinfo(1, "n") end
local n = named()
print("named", n.name, n.namewhat)
local function tail() return debug.getinfo(1, "t").istailcall end
local function caller() return tail() end
print("tail call", caller())
print("bad option", pcall(debug.getinfo, 1, ">"))
print("out of range", debug.getinfo(100))
print("transfer", debug.getinfo(1, "r").ftransfer, debug.getinfo(1, "r").ntransfer)
