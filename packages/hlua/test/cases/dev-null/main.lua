-- Discarding output: /dev/null opens for writing and reads as empty.
local out = assert(io.open("/dev/null", "w"))
print("wrote", out:write("discarded") ~= nil)
out:close()
local inp = assert(io.open("/dev/null", "r"))
print("read", inp:read("a") == "")
inp:close()
-- Nothing else under /dev opens.
print("zero", io.open("/dev/zero", "r") == nil)
print("done")
