import os, sys

def attempt(label, f):
    try:
        print(label + ":", f())
    except OSError as e:
        print(label + ":", type(e).__name__, e)

attempt("secret", lambda: open(sys.argv[1]).read())
attempt("listing home", lambda: os.listdir(os.path.dirname(os.path.dirname(sys.argv[1]))))
attempt("passwd", lambda: open("/etc/passwd").read())
