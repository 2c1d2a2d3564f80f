import ctypes, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
L = ctypes.c_long
pid = int(sys.argv[1])
def t(label, f):
    try:
        f()
        print(f"{label}: SENT", flush=True)
    except OSError as e:
        print(f"{label}: {e.errno}", flush=True)
def raw(label, nr, *a):
    r = libc.syscall(L(nr), *[L(x) for x in a])
    print(f"{label}: {ctypes.get_errno() if r < 0 else 'SENT'}", flush=True)
t("kill sleeper", lambda: os.kill(pid, signal.SIGKILL))
t("kill -1", lambda: os.kill(-1, signal.SIGKILL))
t("kill 0", lambda: os.kill(0, signal.SIGTERM))
t("kill init", lambda: os.kill(1, signal.SIGTERM))
t("killpg", lambda: os.killpg(os.getpgid(pid), signal.SIGKILL))
raw("tgkill", 234, pid, pid, 9)
raw("tkill", 200, pid, 9)
info = ctypes.create_string_buffer(128)
raw("sigqueue", 129, pid, 9, ctypes.addressof(info))
raw("pidfd_open", 434, pid, 0)
raw("pidfd_send_signal", 424, 3, 9, 0, 0)
print("done")
