const pid = Number(process.argv[2]);
const attempt = (label, fn) => { try { fn(); console.log(`${label}: SENT`); } catch (e) { console.log(`${label}: ${e.code || e.message}`); } };
attempt("kill sleeper", () => process.kill(pid, "SIGKILL"));
attempt("kill -1", () => process.kill(-1, "SIGKILL"));
attempt("kill init", () => process.kill(1, "SIGTERM"));
attempt("kill 0", () => process.kill(0, "SIGTERM"));
attempt("debugProcess", () => process._debugProcess(pid));
console.log("done");
