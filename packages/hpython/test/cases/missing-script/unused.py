# the case runs does-not-exist.py, not this
