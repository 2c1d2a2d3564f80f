process.noDeprecation = true;
const attempt = (label, fn) => { try { const r = fn(); console.log(`${label}: DONE ${r}`); } catch (e) { console.log(`${label}: ${e.code || e.message}`); } };
const [secret, canary] = process.argv.slice(2);
const fsb = process.binding("fs");
attempt("binding open secret", () => fsb.open(secret, 0, 0o666));
attempt("binding open canary", () => fsb.open(canary, 0o1101, 0o666));
console.log("done");
