os.execute("echo pwned > " .. arg[1])
