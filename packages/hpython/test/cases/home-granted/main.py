import pathlib, sys

h = pathlib.Path.home()
print("home is the real one" if h == pathlib.Path(sys.argv[1]) else f"home is {h}")
