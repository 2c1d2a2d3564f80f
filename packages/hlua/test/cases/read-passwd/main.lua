local f, err = io.open("/etc/passwd"); print("passwd: " .. tostring(f), err)
