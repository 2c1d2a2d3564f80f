-- debug.getlocal and setlocal: active locals, varargs, parameter names, the caller's locals.
local outer = "main local"
local function show(level)
  local t = {}
  for i = 1, 20 do
    local n, v = debug.getlocal(level + 1, i)
    if not n then break end
    t[#t + 1] = n .. "=" .. ((type(v) == "table" or type(v) == "function") and type(v) or tostring(v))
  end
  return table.concat(t, " ")
end
local function f(x, y, ...)
  local z = x + y
  print("locals", show(1))
  print("vararg", debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  print("setlocal", debug.setlocal(1, 3, 100), z)
  print("setlocal vararg", debug.setlocal(1, -1, "changed"), (...))
  print("caller", show(2))
  return z
end
print("returns", f(1, 2, "va1", "va2"))
print("parameters", debug.getlocal(f, 1), debug.getlocal(f, 2), debug.getlocal(f, 3))
print("main chunk", show(1))
print("bad level", pcall(debug.getlocal, 50, 1))
for i = 1, 2 do
  print("loop", debug.getlocal(1, 4), debug.getlocal(1, 7))
end
