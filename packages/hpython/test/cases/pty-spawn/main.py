import pty, sys

try:
    pty.spawn(["/bin/sh", "-c", "echo pwned > " + sys.argv[1]])
    print("spawned")
except Exception as e:
    print("pty.spawn failed:", type(e).__name__, e)
