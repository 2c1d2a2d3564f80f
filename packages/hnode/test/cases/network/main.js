const net = require("node:net");
const dgram = require("node:dgram");
const http = require("node:http");
const once = (label, emitter) => new Promise((done) => {
  emitter.once("error", (e) => { console.log(`${label}: ${e.code}`); done(); });
  emitter.once("connect", () => { console.log(`${label}: connected`); done(); });
  emitter.once("listening", () => { console.log(`${label}: listening`); done(); });
});
(async () => {
  await once("net", net.connect(9, "127.0.0.1"));
  const s = dgram.createSocket("udp4");
  await new Promise((done) => {
    try {
      s.send("x", 9, "127.0.0.1", (e) => { console.log(`dgram: ${e ? e.code : "sent"}`); done(); });
    } catch (e) { console.log(`dgram: ${e.code}`); done(); }
    s.on("error", (e) => { console.log(`dgram: ${e.code}`); done(); });
  });
  await once("http", http.get("http://127.0.0.1:9/"));
  await once("server", net.createServer().listen(0, "127.0.0.1"));
  console.log("done");
})();
