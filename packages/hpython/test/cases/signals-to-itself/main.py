import os, signal, threading, time

got = []
for s in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
    signal.signal(s, lambda n, f: got.append(signal.Signals(n).name[3:]))

def check(label, send):
    got.clear()
    send()
    deadline = time.monotonic() + 5
    while not got and time.monotonic() < deadline:
        time.sleep(0.01)
    print(f"{label}: {got[0] if got else 'nothing'}", flush=True)

check("kill self", lambda: os.kill(os.getpid(), signal.SIGUSR1))
check("raise_signal", lambda: signal.raise_signal(signal.SIGUSR2))
check("pthread_kill", lambda: signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR1))
check("alarm", lambda: signal.alarm(1))
check("setitimer", lambda: signal.setitimer(signal.ITIMER_REAL, 0.05))
print("done")
