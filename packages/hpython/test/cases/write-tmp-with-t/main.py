import os, sqlite3, sys, tempfile

with open(sys.argv[1], "w") as f:
    f.write("written by python\n")
print("tmp write ok")
with tempfile.TemporaryDirectory() as d:
    with tempfile.NamedTemporaryFile("w+", dir=d) as t:
        t.write("x")
        t.flush()
        t.seek(0)
        assert t.read() == "x"
    db = sqlite3.connect(os.path.join(d, "t.db"))
    db.execute("create table t (x)")
    db.executemany("insert into t values (?)", [(1,), (2,)])
    db.commit()
    print("tempfile ok")
    print("sqlite file ok", db.execute("select sum(x) from t").fetchone()[0])
    db.close()
try:
    open(sys.argv[2], "w").write("pwned")
    print("canary: written")
except OSError as e:
    print("canary:", type(e).__name__)
