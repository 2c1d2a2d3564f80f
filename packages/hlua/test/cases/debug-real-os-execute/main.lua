-- hlua's os.execute is a message; the real one is its upvalue "original". Take it
-- through the debug library and run a program with it: the kernel refuses
-- the new process (clone), and the default answer to that is SIGSYS.
local real
for i = 1, 10 do
  local name, value = debug.getupvalue(os.execute, i)
  if name == nil then break end
  if name == "original" then real = value end
end
print("reached: " .. type(real))
io.stdout:flush()
print(real("echo pwned > " .. arg[1]))
print("still running")
