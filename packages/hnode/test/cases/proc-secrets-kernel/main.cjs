const fs = require("node:fs");
const attempt = async (label, fn) => {
  try { const r = await fn(); console.log(`${label}: DONE ${r === undefined ? "" : String(r).slice(0, 80)}`); }
  catch (e) { console.log(`${label}: ${e.code || e.message}`); }
};

(async () => {
  const secret = process.argv[2];
  for (const [label, p] of [["/proc/self/environ"], ["/proc/1/environ"], ["/proc/1/cmdline"], ["/proc/self/mem"], ["/proc/1/maps"], ["parent environ", `/proc/${process.ppid}/environ`], ["/proc/1/root", `/proc/1/root${secret}`], ["/proc/self/root", `/proc/self/root${secret}`]])
    await attempt(label, () => fs.readFileSync(p ?? label, "utf8"));
  await attempt("promises /proc/1/environ", () => fs.promises.readFile("/proc/1/environ", "utf8"));
  console.log(`env: ${Object.keys(process.env).filter((k) => k.startsWith("H_TEST")).join(",") || "none"}`);
  console.log("done");
})();
