import sys

try:
    sys.exit()
except SystemExit as e:
    assert e.code is None
sys.exit("goodbye message")
