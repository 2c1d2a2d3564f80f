import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
fd = libc.memfd_create(b"x", 0)
print("memfd_create:", fd, ctypes.get_errno(), flush=True)
src = os.open("/proc/self/exe", os.O_RDONLY) if fd < 0 else fd
print("before execveat", flush=True)
argv = (ctypes.c_char_p * 2)(b"x", None)
libc.syscall(ctypes.c_long(322), ctypes.c_long(max(src, 0)), b"", argv, None, ctypes.c_long(0x1000))
print("after", ctypes.get_errno(), flush=True)
