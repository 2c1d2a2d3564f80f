import os, sys

for i, p in enumerate(sys.argv[1:], 1):
    try:
        with open(p, "a") as f:
            f.write("pwned\n")
        print(i, "written", p)
    except OSError as e:
        print(i, type(e).__name__, e)
for label, f in [
    ("mkdir", lambda: os.mkdir(os.path.dirname(sys.argv[1]) + "/d")),
    ("remove", lambda: os.remove(sys.argv[1])),
    ("rename", lambda: os.rename(sys.argv[1], sys.argv[1] + ".x")),
]:
    try:
        f()
        print(label, "written")
    except OSError as e:
        print(label, type(e).__name__)
