io.popen("echo pwned > " .. arg[1])
