print("localtime: " .. tostring(io.open("/etc/localtime"))); if os.date("%Y"):match("^%d%d%d%d$") then print("date ok") end
