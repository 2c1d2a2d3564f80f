# Learning workload: tempfile in the temp dir (what -t grants).
import os, tempfile
with tempfile.NamedTemporaryFile("w+", delete=True) as f:
    f.write("x"); f.flush(); f.seek(0); print(f.read())
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "a.txt")
    open(p, "w").write("y"); os.rename(p, p + ".2"); print(os.listdir(d))
print(tempfile.mkstemp()[1].startswith(tempfile.gettempdir()))
