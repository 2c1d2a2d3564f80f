-- A hook set by the script for every event (call, return, line) prints where
-- each one happens, up to the end of the script and after it. hlua's boot
-- runs the chunk and, on the same line, clears the hook: no event comes from
-- it (README: what a hook or debug.getinfo can still see of hlua).
local n = 0
debug.sethook(function(ev, line)
  n = n + 1
  local info = debug.getinfo(2, "S")
  io.write(ev, " ", info.short_src, " ", tostring(line), "\n")
end, "crl")
local f = load("return 6 * 7")
print("value " .. f())
print(pcall(error, "caught"))
print("events so far " .. n)
