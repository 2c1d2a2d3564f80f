local f = assert(io.open(arg[1], "w")); f:write("written by lua\n"); f:close(); print("tmp write ok")
local g, err = io.open(arg[2], "w"); print("canary: " .. tostring(g), err)
