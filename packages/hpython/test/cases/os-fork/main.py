import os, sys

try:
    pid = os.fork()
    if pid == 0:
        open(sys.argv[1], "w").write("pwned by child")
        os._exit(0)
    print("child", pid)
except OSError as e:
    print("fork:", type(e).__name__, e)
try:
    os.execv("/bin/sh", ["sh", "-c", "echo pwned > " + sys.argv[1]])
    print("ran")
except OSError as e:
    print("execv:", type(e).__name__, e)
