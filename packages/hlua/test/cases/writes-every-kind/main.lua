local canary, work = arg[1], arg[2]
for _, m in ipairs({ "w", "a", "r+", "w+" }) do
  local f = io.open(canary, m)
  if f then f:write("pwned") f:close() print(m .. ": WROTE") else print(m .. ": denied") end
end
print("remove: " .. (os.remove(canary) and "REMOVED" or "denied"))
print("rename: " .. (os.rename(canary, work .. "/moved") and "RENAMED" or "denied"))
local ok, t = pcall(os.tmpname)
print("tmpname: " .. (ok and "CREATED " .. t or "denied"))
if ok then os.remove(t) end
local f = io.open(work .. "/new.txt", "w")
print("new: " .. (f and "CREATED" or "denied"))
print("done")
