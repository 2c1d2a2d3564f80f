import ctypes, os

libc = ctypes.CDLL(None)
print("getpid ok" if libc.getpid() == os.getpid() else "getpid differs")
try:
    cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x + 1)
    print("callback worked", cb(1))
except MemoryError as e:
    print("callback:", type(e).__name__)
