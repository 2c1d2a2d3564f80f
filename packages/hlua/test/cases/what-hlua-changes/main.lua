-- Every function of the standard library is lua5.4's own C function except
-- the few hlua replaces with a message (README: "What hlua changes in Lua").
-- Scans the libraries for functions written in Lua.
local libs = { "_G", "coroutine", "debug", "io", "math", "os", "package", "string", "table", "utf8" }
local replaced, total = {}, 0
for _, lib in ipairs(libs) do
  local t = lib == "_G" and _G or _G[lib]
  for k, v in pairs(t) do
    if type(v) == "function" then
      total = total + 1
      if debug.getinfo(v, "S").what ~= "C" then replaced[#replaced + 1] = lib .. "." .. k end
    end
  end
end
for i, f in ipairs(package.searchers) do
  if debug.getinfo(f, "S").what ~= "C" then replaced[#replaced + 1] = "package.searchers[" .. i .. "]" end
end
table.sort(replaced)
print("replaced: " .. table.concat(replaced, " "))
print("standard functions: " .. total)
local n = 0
for _ in pairs(debug) do n = n + 1 end
print("debug functions: " .. n)
print("require debug: " .. tostring(require("debug") == debug))
print("os.execute(): " .. tostring(os.execute()))
print("cpath: [" .. package.cpath .. "]")
