# Every dangerous syscall, raw, through ctypes, with --on-violation=errno so
# that one script can try them all: each must come back refused (EPERM from the
# filter, ENOSYS for the ones the filter answers so, EACCES for the sockets the
# host answers so). Anything else means the kernel saw the call: "ALLOWED".
import ctypes, os, sys

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
canary, work = sys.argv[1], sys.argv[2]
ppid = os.getppid()
L = ctypes.c_long
buf = ctypes.create_string_buffer(4096)
c = lambda s: ctypes.c_char_p(s.encode())
BLOCKED = {1, 13, 38}  # EPERM, EACCES, ENOSYS
blocked = 0
allowed = []

def sc(name, nr, *args):
    global blocked
    conv = [a if isinstance(a, (ctypes.c_char_p, ctypes.Array)) else L(a) for a in args]
    ctypes.set_errno(0)
    r = libc.syscall(L(nr), *conv)
    e = ctypes.get_errno()
    if r == 0 and name.startswith("fork"):
        os._exit(0)  # a child of an allowed fork: leave at once
    if r == -1 and e in BLOCKED:
        blocked += 1
        print(f"{name}: blocked {os.strerror(e)}", flush=True)
    else:
        allowed.append(name)
        print(f"{name}: ALLOWED r={r} errno={e}", flush=True)

CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID, SIGCHLD = 0x10000000, 0x20000, 0x40000000, 0x20000000, 17
# processes
sc("fork", 57)
sc("fork-clone-newuser", 56, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)
sc("fork-clone-newpid-newnet", 56, CLONE_NEWPID | CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0)
sc("fork-clone-plain", 56, SIGCHLD, 0, 0, 0, 0)
clone_args = (ctypes.c_uint64 * 11)(CLONE_NEWUSER, 0, 0, 0, SIGCHLD, 0, 0, 0, 0, 0, 0)
sc("fork-clone3", 435, ctypes.addressof(clone_args), 88)
sc("execve", 59, c("/bin/sh"), 0, 0)
sc("execveat", 322, -100, c("/bin/sh"), 0, 0, 0)
sc("memfd_create", 319, c("x"), 0)
sc("unshare", 272, CLONE_NEWUSER)
sc("unshare-ns", 272, CLONE_NEWNS)
sc("setns", 308, 0, 0)
sc("mount", 165, c("none"), c(work), c("tmpfs"), 0, 0)
sc("umount2", 166, c("/proc"), 2)
sc("pivot_root", 155, c(work), c(work))
sc("chroot", 161, c(work))
sc("open_tree", 428, -100, c("/"), 1)
sc("fsopen", 430, c("tmpfs"), 0)
sc("move_mount", 429, -1, c(""), -100, c(work), 0)
sc("ptrace-traceme", 101, 0, 0, 0, 0)
sc("ptrace-attach", 101, 16, ppid, 0, 0)
sc("ptrace-seize", 101, 0x4206, ppid, 0, 0)
iov = (ctypes.c_uint64 * 2)(ctypes.addressof(buf), 16)
sc("process_vm_readv", 310, ppid, ctypes.addressof(iov), 1, ctypes.addressof(iov), 1, 0)
sc("process_vm_writev", 311, ppid, ctypes.addressof(iov), 1, ctypes.addressof(iov), 1, 0)
sc("pidfd_open", 434, ppid, 0)
sc("pidfd_getfd", 438, 0, 3, 0)
sc("kcmp", 312, os.getpid(), ppid, 0, 0, 0)
sc("bpf", 321, 5, ctypes.addressof(buf), 128)
sc("perf_event_open", 298, ctypes.addressof(buf), 0, -1, -1, 0)
sc("userfaultfd", 323, 0)
sc("keyctl", 250, 0, -3, 0)
sc("add_key", 248, c("user"), c("h"), c("x"), 1, -3)
sc("request_key", 249, c("user"), c("h"), 0, 0)
sc("io_uring_setup", 425, 1, ctypes.addressof(buf))
sc("personality", 135, 0xffffffff)
sc("personality-set", 135, 0x0040000)  # ADDR_NO_RANDOMIZE
sc("seccomp", 317, 2, 0, ctypes.addressof(buf))
sc("landlock_create_ruleset", 444, 0, 0, 1)
sc("init_module", 175, 0, 0, c(""))
sc("finit_module", 313, 0, c(""), 0)
sc("kexec_load", 246, 0, 0, 0, 0)
sc("iopl", 172, 3)
sc("ioperm", 173, 0x80, 1, 1)
sc("modify_ldt", 154, 0, ctypes.addressof(buf), 16)
sc("syslog", 103, 3, ctypes.addressof(buf), 4096)
sc("acct", 163, c(canary))
sc("swapon", 167, c(canary), 0)
sc("open_by_handle_at", 304, -100, ctypes.addressof(buf), 0)
sc("name_to_handle_at", 303, -100, c(canary), ctypes.addressof(buf), ctypes.addressof(buf), 0)
sc("fanotify_init", 300, 0, 0)
sc("setuid", 105, 0)
sc("setresuid", 117, 0, 0, 0)
sc("capset", 126, ctypes.addressof(buf), ctypes.addressof(buf))
sc("prctl-ambient-raise", 157, 47, 2, 21, 0, 0)
sc("prctl-pdeathsig", 157, 1, 9, 0, 0, 0)
sc("prctl-set-mm", 157, 35, 8, 0, 0, 0)
sc("prctl-ptracer-any", 157, 0x59616d61, -1, 0, 0, 0)
sc("mmap-rwx-anon", 9, 0, 4096, 7, 0x22, -1, 0)
sc("mprotect-exec", 10, (ctypes.addressof(buf) + 4095) & ~4095, 4096, 5)
sc("process_madvise", 440, 0, 0, 0, 0, 0)
sc("set_mempolicy", 238, 0, 0, 0)
sc("move_pages", 279, ppid, 0, 0, 0, 0, 0)
# signals
sc("kill-parent", 62, ppid, 0)
sc("kill-init", 62, 1, 0)
sc("kill-all", 62, -1, 0)
sc("kill-group", 62, 0, 0)
sc("tgkill-parent", 234, ppid, ppid, 0)
sc("tkill-parent", 200, ppid, 0)
sc("rt_sigqueueinfo", 129, ppid, 10, ctypes.addressof(buf))
sc("pidfd_send_signal", 424, 0, 9, 0, 0)
# network
sc("socket-inet-tcp", 41, 2, 1, 0)
sc("socket-inet-udp", 41, 2, 2, 0)
sc("socket-inet6", 41, 10, 1, 0)
sc("socket-unix", 41, 1, 1, 0)
sc("socket-netlink", 41, 16, 3, 0)
sc("socket-packet", 41, 17, 3, 0)
sc("socket-raw", 41, 2, 3, 1)
sc("socket-vsock", 41, 40, 1, 0)
# terminal
ch = ctypes.create_string_buffer(b"x")
sc("ioctl-TIOCSTI", 16, 0, 0x5412, ctypes.addressof(ch))
sc("ioctl-TIOCLINUX", 16, 0, 0x541C, ctypes.addressof(ch))
sc("ioctl-TIOCSCTTY", 16, 0, 0x540E, 0)
sc("vhangup", 153)
# file attributes and device nodes
sc("chmod", 90, c(canary), 0o777)
sc("fchmodat", 268, -100, c(canary), 0o777, 0)
sc("chown", 92, c(canary), 0, 0)
sc("lchown", 94, c(canary), 0, 0)
sc("fchownat", 260, -100, c(canary), 0, 0, 0)
sc("utimensat", 280, -100, c(canary), 0, 0)
sc("utime", 132, c(canary), 0)
sc("mknod-chr", 133, c(work + "/null"), 0o20666, 0x103)
sc("mknodat-fifo", 259, -100, c(work + "/fifo"), 0o10666, 0)
sc("setxattr", 188, c(canary), c("user.h"), c("x"), 1, 0)
sc("removexattr", 197, c(canary), c("user.h"))
print(f"sweep: {blocked} blocked, {len(allowed)} allowed: {' '.join(allowed)}")
print("done")
