# Reads every regular file of a data directory given as an argument (like /srv/data).
import os, sys

d = sys.argv[1]
for name in sorted(os.listdir(d)):
    p = os.path.join(d, name)
    if os.path.isfile(p):
        with open(p) as f:
            print("read", name, f.read().strip())
