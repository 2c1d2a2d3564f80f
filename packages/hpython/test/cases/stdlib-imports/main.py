import base64, datetime, decimal, hashlib, json, re, sqlite3, zlib

print("b64", base64.b64encode(b"hi").decode())
print("json", json.dumps({"a": [1, 2]}))
print("re", re.sub(r"\d", "#", "a1b2"))
print("zlib", "ok" if zlib.decompress(zlib.compress(b"x" * 1000)) == b"x" * 1000 else "bad")
print("sha256", hashlib.sha256(b"hi").hexdigest()[:8])
db = sqlite3.connect(":memory:")
db.execute("create table t (x integer)")
db.executemany("insert into t values (?)", [(i,) for i in range(1000)])
print("sqlite", db.execute("select sum(x) from t").fetchone()[0])
print("datetime", datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc).isoformat())
print("decimal", decimal.Decimal("1.1") + decimal.Decimal("2.2"))
