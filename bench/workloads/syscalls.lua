-- 200k opens (io.open+close: openat, fstat, close) and 200k unbuffered
-- seek+16-byte reads (lseek, read): the filter runs on every one.
local N = tonumber(arg[1]) or 200000
local me = arg[0]
local t = os.clock()
for _ = 1, N // 4 do
  local f = assert(io.open(me, "r"))
  f:close()
end
local f = assert(io.open(me, "r"))
f:setvbuf("no")
for _ = 1, N do
  f:seek("set", 0)
  f:read(16)
end
f:close()
print(string.format("%.6f", os.clock() - t))
