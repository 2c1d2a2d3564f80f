import os, site, sys, sysconfig

dirs = [d for d in site.getsitepackages() if os.path.isdir(d)]
for d in dirs:
    os.listdir(d)
print("listed site-packages" if dirs else "no site-packages")
import six  # installed in both interpreters' site-packages here

print("import six ok", six.__name__)
for label, d in [("site write", dirs[0]), ("stdlib write", sysconfig.get_path("stdlib"))]:
    try:
        open(os.path.join(d, "h-pwned.py"), "w").write("")
        print(label, "written")
    except OSError as e:
        print(label + ":", type(e).__name__)
try:
    print(open(sys.argv[1]).read())
except OSError as e:
    print("secret:", type(e).__name__)
