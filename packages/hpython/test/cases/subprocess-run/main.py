import os, subprocess, sys

try:
    r = subprocess.run(["/bin/sh", "-c", "echo pwned > " + sys.argv[1]], capture_output=True)
    print("ran", r)
except OSError as e:
    print("subprocess.run:", type(e).__name__, e)
try:
    print("ran", os.popen("echo pwned > " + sys.argv[1]).read())
except OSError as e:
    print("os.popen:", type(e).__name__, e)
