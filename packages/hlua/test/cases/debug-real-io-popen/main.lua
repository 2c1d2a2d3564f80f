-- hlua's io.popen is a message; the real one is its upvalue "original".
-- Take it through the debug library and start a program: the kernel refuses
-- its pipe (pipe2, then the new process), and the default answer is SIGSYS.
local real
for i = 1, 10 do
  local name, value = debug.getupvalue(io.popen, i)
  if name == nil then break end
  if name == "original" then real = value end
end
print("reached: " .. type(real))
io.stdout:flush()
local f = real("echo pwned > " .. arg[1] .. "; id")
print(f and f:read("a"))
print("still running")
