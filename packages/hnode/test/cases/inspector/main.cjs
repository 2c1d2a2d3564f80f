const inspector = require("node:inspector");
try { inspector.open(0, "127.0.0.1"); console.log(`inspector.open: ${inspector.url() ? `LISTENING ${inspector.url()}` : "failed"}`); } catch (e) { console.log(`inspector.open: failed ${e.code || e.message}`); }
const s = new inspector.Session();
s.connect();
s.post("Runtime.evaluate", { expression: `try { process.mainModule.require("fs").readFileSync(${JSON.stringify(process.argv[2])}, "utf8") } catch (e) { e.code }` }, (err, r) => {
  console.log(`session evaluate: ${err ? err.message : r.result.value}`);
  console.log("done");
});
