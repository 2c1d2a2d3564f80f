-- debug.traceback: messages, levels, coroutines, non-string messages.
-- Only the frames up to the main chunk are printed: below it hlua has two
-- frames of its own (README: what hlua changes).
local function upto_main(tb)
  local out = {}
  for line in tb:gmatch("[^\n]+") do
    out[#out + 1] = (line:gsub("^\t[^:]*/", "\t"))
    if line:find("in main chunk", 1, true) then break end
  end
  return table.concat(out, "\n")
end
local function inner(level)
  return debug.traceback("message", level)
end
local function outer(level)
  local t = inner(level)
  return t
end
print(upto_main(outer(1)))
print(upto_main(outer(2)))
print(upto_main(debug.traceback()))
local t = {}
print("table message untouched", debug.traceback(t) == t)
print("nil message", upto_main(debug.traceback(nil)))
local co = coroutine.create(function(a)
  local function deep() coroutine.yield(a) end
  deep()
end)
coroutine.resume(co, 1)
print(upto_main(debug.traceback(co, "coroutine")))
print(upto_main(debug.traceback(co, "level 1", 1)))
local ok, e = xpcall(function() error("boom") end, debug.traceback)
print(ok, upto_main(e))
