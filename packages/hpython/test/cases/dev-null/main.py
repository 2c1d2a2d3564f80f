import contextlib, os

with open("/dev/null", "w") as f:
    print("wrote", f.write("hello\n"))
with open(os.devnull, "rb") as f:
    print("read", f.read())
with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
    print("this goes nowhere")
print("redirect ok")
fd = os.open(os.devnull, os.O_RDWR)
os.write(fd, b"x")
os.close(fd)
print("done")
