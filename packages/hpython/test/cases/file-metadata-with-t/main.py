import errno, os, pathlib, shutil, sys, tempfile

with tempfile.TemporaryDirectory() as d:
    p = pathlib.Path(d, "t.txt")
    p.touch()
    p.touch()  # exists: utime is refused, touch falls back to opening it
    print("touch ok")
    p.write_text("data\n")
    shutil.copy(p, os.path.join(d, "c.txt"))
    assert pathlib.Path(d, "c.txt").read_text() == "data\n"
    print("copy ok")
    shutil.copy2(p, os.path.join(d, "c2.txt"))
    assert pathlib.Path(d, "c2.txt").read_text() == "data\n"
    print("copy2 ok")
    os.mkdir(os.path.join(d, "sub"))
    pathlib.Path(d, "sub", "f").write_text("f")
    shutil.copytree(os.path.join(d, "sub"), os.path.join(d, "sub2"))
    assert pathlib.Path(d, "sub2", "f").read_text() == "f"
    print("copytree ok")

    def t(label, f):
        try:
            f()
            print(f"{label}: ALLOWED")
        except OSError as e:
            print(f"{label}: {errno.errorcode.get(e.errno, e.errno)}")

    t("utime", lambda: os.utime(p, (1, 2)))
    t("chmod 0o600", lambda: os.chmod(p, 0o600))
    t("chmod 0o4755", lambda: os.chmod(p, 0o4755))
    t("canary chmod", lambda: os.chmod(sys.argv[1], 0o777))
    t("canary utime", lambda: os.utime(sys.argv[1], (0, 0)))
print("done")
