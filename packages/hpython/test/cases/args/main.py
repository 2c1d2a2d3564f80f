import os, sys

print("argc=%d" % len(sys.argv))
for i, a in enumerate(sys.argv[1:], 1):
    print("%d=%r" % (i, a))
here = os.path.abspath(__file__)
print("argv0 is the script" if os.path.abspath(sys.argv[0]) == here else "argv0: " + sys.argv[0])
print("name", __name__)
print("file is the script" if __file__.endswith("/main.py") else "file: " + __file__)
print("path0 is the script dir" if sys.path[0] == os.path.dirname(here) else "path0: " + sys.path[0])
print("no cwd on path" if "" not in sys.path and os.getcwd() not in sys.path else "cwd on path")
