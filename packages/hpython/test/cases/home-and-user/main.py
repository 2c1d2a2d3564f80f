import getpass, os, pathlib

print("home", pathlib.Path.home())
print("expanduser", os.path.expanduser("~/x"))
u = getpass.getuser()
print("user ok" if u and u == os.environ.get("LOGNAME") == os.environ.get("USER") else f"user BAD {u!r}")
try:
    open("/etc/passwd").read()
    print("passwd: READ")
except OSError as e:
    print("passwd:", type(e).__name__)
