import os, sys
secret = sys.argv[1]
for p, label in [("/proc/self/environ", None), ("/proc/1/environ", None), ("/proc/1/cmdline", None), ("/proc/self/mem", None), ("/proc/1/maps", None), ("/proc/%d/environ" % os.getppid(), "parent environ"), ("/proc/1/root" + secret, "/proc/1/root"), ("/proc/self/root" + secret, "/proc/self/root"), ("/proc/thread-self/root" + secret, "/proc/thread-self/root")]:
    try:
        with open(p, "rb") as f:
            print(f"{label or p}: OPENED {f.read(200)!r}", flush=True)
    except OSError as e:
        print(f"{label or p}: refused {e.errno}", flush=True)
print("environ has secret:", any(k.startswith("H_TEST") for k in os.environ))
print("done")
