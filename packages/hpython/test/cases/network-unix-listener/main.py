import socket, sys
addr = sys.argv[1]
for label, t in [("stream", socket.SOCK_STREAM), ("dgram", socket.SOCK_DGRAM)]:
    try:
        s = socket.socket(socket.AF_UNIX, t)
        s.connect(addr)
        s.send(b"hi")
        print(f"{label}: CONNECTED", flush=True)
    except OSError as e:
        print(f"{label}: {e.errno}", flush=True)
print("done")
