import socket, sys
print("before", flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"hi", ("127.0.0.1", int(sys.argv[1]))) if True else s.connect(("127.0.0.1", int(sys.argv[1])))
print("after", flush=True)
