local f, err = io.open("/etc/shadow"); print("shadow: " .. tostring(f), err)
