import asyncio, socket


async def main():
    await asyncio.sleep(0.01)
    loop = asyncio.get_running_loop()
    fut = loop.run_in_executor(None, lambda: 41)
    return await fut + 1


print("asyncio", asyncio.run(main()))
a, b = socket.socketpair()
a.sendall(b"ping")
x = b.recv(4)
b.sendall(b"pong")
print("socketpair", x, a.recv(4))
print("names", a.family.name, repr(a.getsockname()))
a.close()
b.close()
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    print("socket() ALLOWED")
except PermissionError as e:
    print("socket() refused", e.errno)
