import os

print("before", flush=True)
os.system("echo hi")
print("after")
