import concurrent.futures, queue, threading

q = queue.Queue()
ts = [threading.Thread(target=lambda i=i: q.put(i * i)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
with concurrent.futures.ThreadPoolExecutor(4) as ex:
    print("pool", sorted(ex.map(lambda x: x + 1, range(8))))
print("threads", sorted(q.get() for _ in range(4)))
