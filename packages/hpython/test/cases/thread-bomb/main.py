import threading

stop = threading.Event()
threads = []
try:
    while len(threads) < 10000:
        t = threading.Thread(target=stop.wait)
        t.start()
        threads.append(t)
    print("not stopped")
except RuntimeError as e:
    print("stopped after", len(threads), "threads:", e)
stop.set()
for t in threads:
    t.join()
