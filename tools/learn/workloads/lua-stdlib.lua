-- A Lua workload that touches every standard library a script may use.
print("hello", #arg)
local t = {}
for i = 1, 1e5 do t[i] = tostring(i) end
table.sort(t)
print(string.format("%5.2f", math.pi), string.rep("x", 3), utf8.char(72, 228))
print(os.time(), os.date("%Y-%m-%d"), os.clock(), os.getenv("HOME"))
local co = coroutine.wrap(function(a) coroutine.yield(a + 1) end)
print(co(1))
local ok, err = pcall(error, "boom")
print(ok, err)
local f = io.open(arg[0], "r"); if f then print(#f:read("a")); f:close() end
print(io.open("/nonexistent/x") )
local big = string.rep("y", 1 << 22); print(#big)
collectgarbage("collect")
io.stdout:write("done\n")
io.stderr:write("err\n")
