local dir, name = arg[1], arg[2]
local path = dir .. "/" .. name .. ".lua"
local f = assert(io.open(path, "wb"))
f:write(string.dump(function() return "bytecode ran" end))
f:close()
package.path = dir .. "/?.lua"
local ok, r = pcall(require, name)
os.remove(path)
if ok then print(r) else print("require: refused", r) end
local ok2, r2 = pcall(dofile, path)
print("dofile:", ok2)
