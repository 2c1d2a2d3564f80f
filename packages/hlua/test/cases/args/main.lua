print("n=" .. #arg)
for i = 1, #arg do print(i .. "=" .. arg[i]) end
if arg[0]:sub(-8) == "main.lua" then print("0 ends with main.lua") end
print("varargs=" .. select(1, ...))
print("-1 is the interpreter: " .. tostring(arg[-1]:match("lua5%.4$") ~= nil))
