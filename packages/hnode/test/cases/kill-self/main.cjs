console.log("before");
process.kill(process.pid, "SIGTERM");
setTimeout(() => console.log("after"), 2000);
