import errno
import os
import shutil
import sys
import tempfile

canary = sys.argv[1]
d = tempfile.mkdtemp()
a = os.path.join(d, "a")
b = os.path.join(d, "b")
with open(a, "w") as f:
    f.write("data")
with open(b, "w") as f:
    f.write("other")

shutil.copystat(a, b)
print("copystat ok")
shutil._copyxattr(a, b)
print("copyxattr ok")
shutil.copy2(a, os.path.join(d, "c"))
print("copy2 ok")
print("listxattr ok" if isinstance(os.listxattr(a), list) else "listxattr ?")


def attempt(label, fn):
    try:
        fn()
        print(f"{label}: ALLOWED")
    except OSError as e:
        print(f"{label}: {errno.errorcode.get(e.errno, e.errno)}")


fd = os.open(a, os.O_RDONLY)
attempt("setxattr", lambda: os.setxattr(a, "user.h", b"1"))
attempt("fsetxattr", lambda: os.setxattr(fd, "user.h", b"1"))
attempt("lsetxattr", lambda: os.setxattr(a, "user.h", b"1", follow_symlinks=False))
attempt("removexattr", lambda: os.removexattr(a, "user.h"))
attempt("fremovexattr", lambda: os.removexattr(fd, "user.h"))
attempt("canary setxattr", lambda: os.setxattr(canary, "user.h", b"1"))
os.close(fd)
shutil.rmtree(d)
print("done")
