try {
  console.log(require("node:fs").readFileSync("/etc/passwd", "utf8"));
} catch (e) {
  console.log(`passwd: ${e.code}`);
}
