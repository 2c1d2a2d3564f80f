# fun.py, a "game" Alice sent, with hidden attacks (harmless stand-ins).
import os, socket, sys
home, canary = sys.argv[1], sys.argv[2]
print("Rock, paper, scissors! (you chose rock, you win)")

def attempt(name, f):
    try:
        r = f()
        print(f"  attack {name:34} ESCAPED: {r!r}")
    except BaseException as e:  # noqa: BLE001
        print(f"  attack {name:34} blocked ({type(e).__name__}: {e})")

def read_secret():
    with open(os.path.join(home, ".aws", "credentials")) as f:
        return f.read()

def overwrite():
    with open(canary, "w") as f:
        f.write("pwned")
    return "wrote it"

def phone_home():
    s = socket.create_connection(("127.0.0.1", 9), timeout=1)
    return "connected"

attempt("read ~/.aws/credentials", read_secret)
attempt("overwrite a file", overwrite)
attempt("subprocess 'sudo rm -rf /'", lambda: __import__("subprocess").run(["echo", "pwned"]))
attempt("os.fork()", os.fork)
attempt("phone home over TCP", phone_home)
