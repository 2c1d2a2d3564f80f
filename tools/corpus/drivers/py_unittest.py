# Runs one CPython stdlib test module with unittest, verbosely, as the
# python -m unittest command would: python3 py_unittest.py test.test_json
# (a script, because the hosts run scripts, not -m; bare and sandboxed runs
# use this same driver so they differ only by the sandbox).
import sys
import unittest

unittest.main(module=None, argv=["unittest", "-v", *sys.argv[1:]])
