// What process and os ask the kernel about the process itself and the
// machine, and the refusals a script can catch. Prints "name: ok" or
// "name: CODE" for each.
const os = require("node:os");
const crypto = require("node:crypto");

const step = (name, f) => {
  try {
    f();
    console.log(`${name}: ok`);
  } catch (e) {
    // ERR_SYSTEM_ERROR carries the errno in e.info (a negative number).
    const errno = e.info && Object.keys(os.constants.errno).find((k) => os.constants.errno[k] === -e.info.errno);
    console.log(`${name}: ${errno ?? e.code ?? e.message}`);
  }
};
step("cpuUsage", () => process.cpuUsage());
step("resourceUsage", () => process.resourceUsage());
step("hrtime", () => process.hrtime.bigint());
step("umask", () => process.umask());
step("getgroups", () => process.getgroups());
step("ppid", () => process.ppid);
step("title", () => {
  process.title = "hnode-case";
});
step("chdir", () => process.chdir("/"));
step("os.getPriority", () => os.getPriority());
step("os.setPriority", () => os.setPriority(19));
step("os.hostname", () => os.hostname());
step("os.uptime", () => os.uptime());
step("os.loadavg", () => os.loadavg());
step("os.totalmem", () => os.totalmem() > 0 || process.exit(9));
step("os.release", () => os.release());
step("os.availableParallelism", () => os.availableParallelism() > 0 || process.exit(9));
step("os.networkInterfaces", () => os.networkInterfaces());
step("report", () => process.report.getReport());
step("randomBytes", () => crypto.randomBytes(16));
step("kill self 0", () => process.kill(process.pid, 0));
process.on("SIGUSR2", () => console.log("got SIGUSR2"));
step("kill self SIGUSR2", () => process.kill(process.pid, "SIGUSR2"));
crypto.scrypt("pw", "salt", 32, (e) => {
  console.log(`scrypt: ${e ? e.code : "ok"}`);
  setTimeout(() => {
    require("node:timers/promises")
      .setTimeout(5)
      .then(() => console.log("done"));
  }, 5);
});
