files = []
while True:
    try:
        files.append(open(__file__))
    except OSError as e:
        print("stopped after", len(files), "files:", e)
        break
    if len(files) > 100000:
        print("not stopped")
        break
