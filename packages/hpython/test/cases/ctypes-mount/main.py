import ctypes, os, sys

libc = ctypes.CDLL(None, use_errno=True)
secret, canary = sys.argv[1], sys.argv[2]
cmd = ("cat %s; echo pwned > %s" % (secret, canary)).encode()
argv = (ctypes.c_char_p * 4)(b"/bin/sh", b"-c", cmd, None)
print("before", flush=True)
r = libc.mount(b"none", os.path.dirname(canary).encode(), b"tmpfs", 0, None)
print("after", r, ctypes.get_errno(), flush=True)
