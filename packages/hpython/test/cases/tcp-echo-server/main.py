import socket

print("before", flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(1)
print("listening on", s.getsockname(), flush=True)
while True:
    c, _ = s.accept()
    c.sendall(c.recv(1024))
    c.close()
