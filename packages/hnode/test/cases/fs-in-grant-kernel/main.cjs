// Every kind of file work a script does where it may write (a fresh
// directory in the temp dir, granted with -t), sync, through the thread pool
// (fs.promises) and with streams; what the filter refuses (attributes,
// inotify) fails with an error the script catches. Prints "name: ok" or
// "name: CODE" for each step.
const fs = require("node:fs");
const path = require("node:path");

const say = (name, code) => console.log(`${name}: ${code}`);
const step = (name, f) => {
  try {
    f();
    say(name, "ok");
  } catch (e) {
    say(name, e.code ?? e.message);
  }
};
const base = fs.mkdtempSync(path.join(process.argv[2], "h-node-fs-"));
const f = path.join(base, "a.txt");
step("write", () => fs.writeFileSync(f, "hello\n"));
step("append", () => fs.appendFileSync(f, "more\n"));
step("open wx", () => fs.closeSync(fs.openSync(path.join(base, "x"), "wx")));
step("truncate", () => fs.truncateSync(f, 3));
step("fd ops", () => {
  const fd = fs.openSync(f, "r+");
  fs.ftruncateSync(fd, 2);
  fs.writeSync(fd, "zz", 5);
  fs.readSync(fd, Buffer.alloc(4), 0, 4, 0);
  fs.fsyncSync(fd);
  fs.fdatasyncSync(fd);
  fs.writevSync(fd, [Buffer.from("a"), Buffer.from("b")]);
  fs.writevSync(fd, [Buffer.from("c"), Buffer.from("d")], 0);
  fs.readvSync(fd, [Buffer.alloc(1), Buffer.alloc(1)], 0);
  fs.closeSync(fd);
  const r = fs.openSync(f, "r");
  fs.readvSync(r, [Buffer.alloc(1), Buffer.alloc(1)]);
  fs.closeSync(r);
});
step("mkdir -p", () => fs.mkdirSync(path.join(base, "p/q/r"), { recursive: true }));
step("readdir", () => fs.readdirSync(base, { withFileTypes: true }));
step("opendir", () => {
  const d = fs.opendirSync(base);
  while (d.readSync());
  d.closeSync();
});
step("rename", () => fs.renameSync(f, `${f}.2`));
step("symlink", () => fs.symlinkSync(`${f}.2`, path.join(base, "ln")));
step("readlink", () => fs.readlinkSync(path.join(base, "ln")));
step("realpath", () => fs.realpathSync(path.join(base, "ln")));
step("realpath.native", () => fs.realpathSync.native(path.join(base, "ln")));
step("link", () => fs.linkSync(`${f}.2`, path.join(base, "hard")));
// access(2) checks the real uid, which a root-started launcher moves to 65534:
// existsSync calls it without telling the two apart.
step("exists", () => fs.existsSync(`${f}.2`));
step("statfs", () => fs.statfsSync(base));
step("chmod", () => fs.chmodSync(`${f}.2`, 0o600));
step("utimes", () => fs.utimesSync(`${f}.2`, 1, 1));
step("chown", () => fs.chownSync(`${f}.2`, process.getuid(), process.getgid()));
step("copyFile", () => fs.copyFileSync(`${f}.2`, `${f}.3`));
step("watch", () => fs.watch(base).close());
step("watchFile", () => {
  fs.watchFile(`${f}.2`, () => {});
  fs.unwatchFile(`${f}.2`);
});
step("unlink", () => fs.unlinkSync(path.join(base, "hard")));
step("rmdir", () => fs.rmdirSync(path.join(base, "p/q/r")));

const p = fs.promises;
const pstep = async (name, f) => {
  try {
    await f();
    say(`p.${name}`, "ok");
  } catch (e) {
    say(`p.${name}`, e.code ?? e.message);
  }
};
(async () => {
  const g = path.join(base, "b.txt");
  await pstep("writeFile", () => p.writeFile(g, "x".repeat(100000)));
  await pstep("appendFile", () => p.appendFile(g, "y"));
  await pstep("readFile", () => p.readFile(g));
  await pstep("handle", async () => {
    const h = await p.open(g, "r+");
    await h.write("abc", 0);
    await h.read(Buffer.alloc(10), 0, 10, 0);
    await h.writev([Buffer.from("x"), Buffer.from("y")], 1);
    await h.readv([Buffer.alloc(2), Buffer.alloc(2)], 0);
    await h.sync();
    await h.datasync();
    await h.truncate(10);
    await h.stat();
    await h.close();
  });
  await pstep("mkdir", () => p.mkdir(path.join(base, "m/n"), { recursive: true }));
  await pstep("readdir", () => p.readdir(base, { recursive: true }));
  await pstep("rename", () => p.rename(g, `${g}.2`));
  await pstep("realpath", () => p.realpath(`${g}.2`));
  await pstep("chmod", () => p.chmod(`${g}.2`, 0o600));
  await pstep("utimes", () => p.utimes(`${g}.2`, 1, 1));
  await pstep("copyFile", () => p.copyFile(`${g}.2`, `${g}.3`));
  await pstep("mkdtemp", () => p.mkdtemp(path.join(base, "t-")));
  await pstep("statfs", () => p.statfs(base));
  await pstep("stream", async () => {
    const s = path.join(base, "s.txt");
    await new Promise((res, rej) => {
      const w = fs.createWriteStream(s).on("error", rej);
      w.cork();
      w.write("a");
      w.write("b");
      w.uncork();
      w.end("c\n", res);
    });
    await new Promise((res, rej) => fs.createWriteStream(s, { flags: "r+", start: 1 }).on("error", rej).end("z", res));
    await new Promise((res, rej) => fs.createReadStream(s).on("error", rej).on("data", () => {}).on("end", res));
  });
  await pstep("rm", () => p.rm(base, { recursive: true, force: true }));
  console.log(fs.existsSync(base) ? "left behind" : "done");
})();
