local f, err = io.open(arg[1]); print("secret: " .. tostring(f), err); if f then print(f:read("a")) end
