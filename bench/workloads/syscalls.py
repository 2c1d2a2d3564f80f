# 200k os.stat of this file, then 200k 16-byte preads: the filter runs on every one.
import os, sys, time
N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
me = __file__
t = time.perf_counter()
for _ in range(N):
    os.stat(me)
fd = os.open(me, os.O_RDONLY)
for _ in range(N):
    os.pread(fd, 16, 0)
os.close(fd)
print("%.6f" % (time.perf_counter() - t))
