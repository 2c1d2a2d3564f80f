print(_VERSION); print("passwd: " .. tostring(io.open("/etc/passwd")))
