import ctypes, os, sys

libc = ctypes.CDLL(None, use_errno=True)
secret, canary = sys.argv[1], sys.argv[2]
cmd = ("cat %s; echo pwned > %s" % (secret, canary)).encode()
argv = (ctypes.c_char_p * 4)(b"/bin/sh", b"-c", cmd, None)
print("before", flush=True)
r = libc.unshare(0x10000000 | 0x00020000)
print("after", r, ctypes.get_errno(), flush=True)
