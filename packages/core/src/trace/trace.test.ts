import { describe, expect, it } from "vitest";
import { planRlimits } from "../rlimits.js";
import { learn } from "./learn.js";
import { interpreterPart, parseStrace, straceLineParser, type TraceCall, type TraceEnd } from "./parse.js";
import { argValue, summarise } from "./summary.js";

const PY = "/usr/bin/python3.11";
const TRACE = `100  execve("/usr/bin/node", ["node"], 0x1 /* 3 vars */) = 0
101  openat(AT_FDCWD, "/etc/ignored-before-exec", O_RDONLY) = -1 EACCES (Permission denied)
100  execve("${PY}", ["python3", "-I"], 0x2 /* 0 vars */ <unfinished ...>
101  +++ exited with 0 +++
100  <... execve resumed>)             = 0
100  openat(AT_FDCWD, "/srv/data/a.csv", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
100  openat(AT_FDCWD, "/srv/data/b.csv", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
100  openat(AT_FDCWD, "/srv/out/new.txt", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = -1 EACCES (Permission denied)
100  openat(AT_FDCWD, "/usr/share/locale/locale.alias", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
100  clone3({flags=CLONE_VM|CLONE_VFORK, exit_signal=SIGCHLD, stack=0x7f, stack_size=0x9000}, 88) = -1 ENOSYS (Function not implemented)
100  socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = -1 EPERM (Operation not permitted)
100  read(3, "x", 1) = 1
100  clone(child_stack=0x7f23c93ccff0, flags=CLONE_VM|CLONE_VFORK|SIGCHLD) = 56
100  +++ killed by SIGSYS +++
`;
const BASE = `100  execve("${PY}", ["python3"], 0x2 /* 0 vars */) = 0
100  openat(AT_FDCWD, "/usr/share/locale/locale.alias", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
100  +++ exited with 0 +++
`;
const host = { name: "hpython", promises: ["stdio", "rpath", "thread"] as const };

describe("strace parsing", () => {
  it("joins unfinished/resumed calls and keeps only the interpreter's part", () => {
    const t = parseStrace(TRACE);
    const part = interpreterPart(t, PY);
    expect(part.pid).toBe(100);
    expect(part.calls[0]!.syscall).toBe("execve");
    expect(part.calls.some((c) => c.args.includes("ignored-before-exec"))).toBe(false);
  });
  it("reads the same one line at a time (straceLineParser, for traces too large to hold)", () => {
    const calls: TraceCall[] = [];
    const ends: TraceEnd[] = [];
    const feed = straceLineParser({ onCall: (c) => calls.push(c), onEnd: (e) => ends.push(e) });
    for (const line of TRACE.split("\n")) feed(line);
    const whole = parseStrace(TRACE);
    expect(calls).toEqual(whole.calls);
    expect(ends).toEqual(whole.ends);
    expect(
      calls.find((c) => c.syscall === "execve" && c.pid === 100 && c.ret === "0" && c.args.includes(PY)),
    ).toBeDefined();
  });
  it("names the call SIGSYS killed and what would allow it", () => {
    const s = summarise(parseStrace(TRACE), PY, host);
    expect(s.signal).toBe("SIGSYS");
    expect(s.killed?.call.syscall).toBe("clone");
    expect(s.killed?.advice).toMatch(/promise proc/);
    expect(s.denied.map((d) => d.call.errno)).toEqual(["EACCES", "EACCES", "EACCES", "EACCES", "EPERM"]);
    expect(s.answered).toEqual([{ syscall: "clone3", errno: "ENOSYS", count: 1 }]);
    expect(s.counts[0]![0]).toBe("openat");
  });
  it("reads strace's argument text as numbers", () => {
    expect(argValue("flags=CLONE_VM|SIGCHLD")).toBe(0x100n | 17n);
    expect(argValue("NULL")).toBe(0n);
    expect(argValue("-1")).toBe(0xffff_ffff_ffff_ffffn);
    expect(argValue('"x"')).toBeUndefined();
  });
  it("learns the smallest flags, without what the interpreter tries by itself, sorted", () => {
    const l = learn(parseStrace(TRACE), parseStrace(BASE), {
      host,
      interpreter: PY,
      scriptDir: "/home/u",
      tmpDir: "/tmp",
      cwd: "/home/u",
      rlimits: planRlimits({} as never, [], true),
    });
    expect(l.flags).toEqual(["--allow-read /srv/data/a.csv", "--allow-read /srv/data/b.csv", "--allow-write /srv/out"]);
    expect(l.hints).toEqual(["or the whole directory: --allow-read /srv/data"]);
    // The create is the last path it was refused (what the empty script was refused aside) in a failed run.
    expect(l.ignored).toEqual([]);
    expect(l.notGrantable.join("\n")).toMatch(/socket: .*promise inet/);
  });
});

describe("the interpreter's part", () => {
  it("skips an execve of the same binary by another pid (the launcher's discovery)", () => {
    const t = parseStrace(`100  execve("/usr/bin/node", ["node"], 0x1) = 0
101  execve("${PY}", ["python3", "-c", "discover"], 0x2) = 0
101  openat(AT_FDCWD, "/discovery", O_RDONLY) = 3
101  +++ exited with 0 +++
100  execve("${PY}", ["python3", "boot.py"], 0x2) = 0
100  +++ exited with 3 +++
`);
    const part = interpreterPart(t, PY);
    expect(part.calls.map((c) => c.pid)).toEqual([100]);
    expect(summarise(t, PY, host).exit).toBe(3);
  });
});

describe("learn and the temp dir", () => {
  it("suggests -t only for the temp dir itself, a narrower --allow-* beneath it", () => {
    const t = parseStrace(`100  execve("${PY}", ["python3"], 0x2) = 0
100  openat(AT_FDCWD, "/tmp/data/x.csv", O_RDONLY|O_CLOEXEC) = -1 EACCES (Permission denied)
100  openat(AT_FDCWD, "/tmp/tmpab12", O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC, 0600) = -1 EACCES (Permission denied)
`);
    const l = learn(t, undefined, {
      host,
      interpreter: PY,
      scriptDir: "/home/u",
      tmpDir: "/tmp",
      cwd: "/",
      rlimits: planRlimits({} as never, [], true),
    });
    expect(l.flags).toEqual(["--allow-read /tmp/data/x.csv", "-t"]);
  });
});
