# Learning workload: loading ctypes (libffi closures) and calling into libc.
import ctypes, ctypes.util
libc = ctypes.CDLL(None)
print(libc.getpid() > 0)
cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x + 1)
print(cb(1))
