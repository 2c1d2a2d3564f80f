-- debug.sethook and gethook: line and return events, counts, per-coroutine hooks.
-- Every event is printed, up to the end of the script (and after it, if any
-- code of hlua's ran with the hook still set).
local function where(ev, line)
  local info = debug.getinfo(2, "S")
  io.write(ev, " ", info.short_src:match("[^/]*$"), " ", tostring(line), "\n")
end
local co = coroutine.create(function()
  print("in coroutine, hook", debug.gethook())
  debug.sethook(function() end, "l")
  print("coroutine's own hook mask", select(2, debug.gethook()))
  coroutine.yield()
end)
coroutine.resume(co)
print("main hook after the coroutine set its own", debug.gethook())
local n = 0
debug.sethook(function() n = n + 1 end, "", 1000)
for _ = 1, 10000 do end
debug.sethook()
print("count events", n >= 5 and n <= 50)
print("gethook mask, count", select(2, debug.gethook()))
debug.sethook(where, "lr")
print("gethook", select(2, debug.gethook()))
local f = load("return 1 + 1")
local x = f()
local s = string.format("%d", x)
