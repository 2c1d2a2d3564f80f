# One raw syscall through ctypes, under the default --on-violation=kill.
# argv: NAME NR [ARG]...  (ints; "s:TEXT" for a C string)
import ctypes, os, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
name, nr, *rest = sys.argv[1:]
args = [ctypes.c_char_p(a[2:].encode()) if a.startswith("s:") else ctypes.c_long(int(a, 0)) for a in rest]
print("before", name, flush=True)
r = libc.syscall(ctypes.c_long(int(nr, 0)), *args)
if r == 0 and name.startswith("fork"):
    os._exit(0)
print("after", name, r, ctypes.get_errno(), flush=True)
