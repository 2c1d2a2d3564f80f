import fcntl, termios
print("before", flush=True)
fcntl.ioctl(0, termios.TIOCSTI, b"x")
print("after", flush=True)
