# Learning workload: threads (threading and a thread pool).
import threading, concurrent.futures, queue
q = queue.Queue()
ts = [threading.Thread(target=lambda i=i: q.put(i * i)) for i in range(4)]
for t in ts: t.start()
for t in ts: t.join()
with concurrent.futures.ThreadPoolExecutor(4) as ex:
    print(sorted(ex.map(lambda x: x + 1, range(8))))
print(sorted(q.get() for _ in range(4)))
