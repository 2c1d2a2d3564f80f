-- debug.getupvalue, setupvalue, upvalueid, upvaluejoin on the script's own closures.
local a, b = 1, 2
local function fa() return a end
local function fb() return b end
local function names(f)
  local t = {}
  for i = 1, 10 do
    local n, v = debug.getupvalue(f, i)
    if not n then break end
    t[#t + 1] = n .. "=" .. (type(v) == "number" and tostring(v) or type(v))
  end
  return table.concat(t, ",")
end
print("fa", names(fa))
print("setupvalue", debug.setupvalue(fa, 1, 10), a, fa())
print("setupvalue out of range", debug.setupvalue(fa, 9, 0))
print("upvalueid", debug.upvalueid(fa, 1) == debug.upvalueid(fa, 1), debug.upvalueid(fa, 1) == debug.upvalueid(fb, 1))
debug.upvaluejoin(fa, 1, fb, 1)
print("upvaluejoin", fa(), debug.upvalueid(fa, 1) == debug.upvalueid(fb, 1))
b = 20
print("shared after join", fa(), fb(), a)
local function g() return print end
print("_ENV upvalue", (debug.getupvalue(g, 1)), select(2, debug.getupvalue(g, 1)) == _ENV)
local it = string.gmatch("a b", "%a")
local n, v = debug.getupvalue(it, 1)
print("C function upvalue", n, type(v))
print("bad upvaluejoin", pcall(debug.upvaluejoin, fa, 5, fb, 1))
