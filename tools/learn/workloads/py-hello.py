# Learning workload: the smallest script (interpreter start-up and exit).
print("hello")
