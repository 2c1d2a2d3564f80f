// strace-learn workload: hashing, random bytes, pbkdf2 and scrypt (thread pool), ciphers.
const crypto = require("node:crypto");
console.log(crypto.createHash("sha256").update("x").digest("hex").slice(0, 8));
crypto.randomBytes(32);
crypto.randomUUID();
const key = crypto.scryptSync("pw", "salt", 32);
const iv = crypto.randomBytes(16);
const c = crypto.createCipheriv("aes-256-gcm", key, iv);
c.update("hello");
c.final();
crypto.pbkdf2("pw", "salt", 1000, 32, "sha512", (e) => {
  crypto.generateKeyPair("ed25519", {}, () => console.log("crypto ok"));
});
