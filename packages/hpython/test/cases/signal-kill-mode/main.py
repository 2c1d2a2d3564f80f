import os, signal, sys
print("before", flush=True)
os.kill(int(sys.argv[1]), signal.SIGKILL)
print("after", flush=True)
