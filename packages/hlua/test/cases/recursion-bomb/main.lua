local function f(n) return 1 + f(n + 1) end
print("lua recursion: " .. tostring((pcall(f, 1))))
local function g() return pcall(g) end
local ok = pcall(g)
print("pcall recursion: " .. tostring(ok and false))
local s = setmetatable({}, { __index = function(t, k) return t[k] end })
print("metamethod recursion: " .. tostring((pcall(function() return s.x end))))
print("done")
