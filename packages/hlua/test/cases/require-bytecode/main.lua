-- require and dofile of a precompiled module the script wrote to the temp
-- dir (-t) load it, as in lua5.4. luaL_loadfilex reopens a binary file in
-- binary mode (freopen: dup3), which the allowlist cites this case for.
local dir, name = arg[1], arg[2]
local path = dir .. "/" .. name .. ".lua"
local f = assert(io.open(path, "wb"))
f:write(string.dump(function() return "bytecode ran" end))
f:close()
package.path = dir .. "/?.lua"
local ok, r = pcall(require, name)
print("require:", ok, r)
local ok2, r2 = pcall(dofile, path)
print("dofile:", ok2, r2)
os.remove(path)
