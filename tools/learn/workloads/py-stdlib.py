# Learning workload: everyday stdlib modules, exercised a little.
import base64, datetime, decimal, hashlib, json, re, sqlite3, zlib
print(base64.b64encode(b"h").decode(), json.dumps({"a": [1, 2]}), re.sub(r"\d", "#", "a1b2"))
print(zlib.crc32(zlib.compress(b"x" * 1000)), hashlib.sha256(b"h").hexdigest()[:8], hashlib.md5(b"h").hexdigest()[:8])
db = sqlite3.connect(":memory:")
db.execute("create table t (x)")
db.executemany("insert into t values (?)", [(i,) for i in range(1000)])
print(db.execute("select sum(x) from t").fetchone()[0])
print(datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc).isoformat(), decimal.Decimal("1.1") + decimal.Decimal("2.2"))
import collections, functools, itertools, math, random, statistics, string, struct, textwrap, typing, dataclasses, enum, pathlib, io, csv, unicodedata, bisect, heapq, copy, pprint, argparse, logging, operator, fractions, uuid, time, calendar, array, secrets, hmac, difflib, html, urllib.parse, xml.etree.ElementTree, gzip, bz2, lzma, zipfile, tarfile, pickle, shlex, glob, fnmatch, contextlib, abc, inspect, traceback, warnings, weakref, locale
print(random.Random(1).random(), secrets.token_hex(4) != "", uuid.uuid4().version, math.pi)
print(lzma.decompress(lzma.compress(b"x")), bz2.decompress(bz2.compress(b"y")))
logging.basicConfig(level=logging.INFO); logging.getLogger("w").info("log line")
print(time.time() > 0, time.localtime().tm_year > 2000, locale.getpreferredencoding())
print("é ü 中", "unicode")
