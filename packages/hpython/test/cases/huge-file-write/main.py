import os, sys

path = sys.argv[1]
block = b"x" * (1 << 20)
written = 0
try:
    with open(path, "wb", buffering=0) as f:
        while written < (1 << 30):
            written += f.write(block)
    print("not stopped at", written)
except OSError as e:
    print("stopped at", written >> 20, "MiB:", e.strerror)
finally:
    os.remove(path)
