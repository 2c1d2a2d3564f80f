import os, sys
canary, work = sys.argv[1], sys.argv[2]
def t(label, f):
    try:
        f()
        print(f"{label}: DONE", flush=True)
    except OSError as e:
        print(f"{label}: refused {e.errno}", flush=True)
def w(mode):
    with open(canary, mode) as f:
        f.write("pwned")
t("write", lambda: w("w"))
t("append", lambda: w("a"))
t("r+", lambda: w("r+"))
t("truncate", lambda: os.truncate(canary, 0))
t("unlink", lambda: os.unlink(canary))
t("rename", lambda: os.rename(canary, work + "/moved"))
t("link", lambda: os.link(canary, work + "/hard"))
t("symlink", lambda: os.symlink(canary, work + "/sym"))
t("mkdir", lambda: os.mkdir(work + "/d"))
t("mkfifo", lambda: os.mkfifo(work + "/fifo"))
t("mknod", lambda: os.mknod(work + "/null", 0o20666, os.makedev(1, 3)))
t("O_TMPFILE", lambda: os.open(work, os.O_TMPFILE | os.O_WRONLY, 0o600))
t("chmod", lambda: os.chmod(canary, 0o777))
t("chown", lambda: os.chown(canary, 0, 0))
t("utime", lambda: os.utime(canary, (0, 0)))
t("setxattr", lambda: os.setxattr(canary, "user.h", b"x"))
print("done")
