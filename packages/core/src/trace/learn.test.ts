import { describe, expect, it } from "vitest";
import { planRlimits, type RlimitName } from "../rlimits.js";
import { findings, type KindOf, type LearnContext, learn, measureFindings, propose, runFlags } from "./learn.js";
import { parseStrace } from "./parse.js";

const BIN = "/usr/bin/interp";
const EACCES = "-1 EACCES (Permission denied)";
const DEFAULTS = Object.fromEntries(
  (["cpu", "data", "as", "nofile", "fsize", "nproc"] as RlimitName[]).map((n) => [n, { value: "inherit", why: "" }]),
);
const limits = (set: Partial<Record<RlimitName, string>>) =>
  planRlimits(
    new Proxy(
      {},
      {
        get: (_, k: string) =>
          set[k as RlimitName] !== undefined
            ? { value: set[k as RlimitName], why: "test" }
            : (DEFAULTS[k] ?? { value: "inherit", why: "" }),
      },
    ) as never,
    [],
    false,
  );
/** A run of the interpreter (pid 100): these calls, then this end. */
const run = (calls: string[], end = "+++ exited with 0 +++") =>
  parseStrace(
    [
      `100  execve("${BIN}", ["interp"], 0x1 /* 0 vars */) = 0`,
      ...calls.map((c) => (/^\d+ /.test(c) ? c : `100  ${c}`)),
      `100  ${end}`,
    ].join("\n"),
  );
const hsh = {
  name: "hsh",
  promises: ["stdio", "proc"] as const,
  execPromises: ["exec"] as const,
  exec: "landlock" as const,
};
const hnode = { name: "hnode", promises: ["stdio", "rpath", "thread"] as const };
const ctx = (over: Partial<LearnContext> = {}): LearnContext => ({
  host: hnode,
  interpreter: BIN,
  scriptDir: "/home/u/proj",
  tmpDir: "/tmp",
  cwd: "/home/u/proj",
  rlimits: limits({}),
  ...over,
});
const DIRS = new Set(["/", "/srv/data", "/home/u/proj", "/tmp", "/var/tmp"]);
const kindOf: KindOf = (p) => (DIRS.has(p) ? "dir" : undefined);

describe("learn: probes are not needs", () => {
  const table: { name: string; calls: string[]; end?: string; flags: string[]; ignored?: string[]; not?: RegExp }[] = [
    {
      name: "Node opening / (no O_DIRECTORY), then printing and exiting 0: nothing to add",
      calls: [`openat(AT_FDCWD, "/", O_RDONLY|O_CLOEXEC) = ${EACCES}`, `write(1, "hi\\n", 3) = 3`],
      flags: [],
      ignored: ["read / (openat (directory))"],
    },
    {
      name: "a directory it went on from, before the file it died of: only the file",
      calls: [
        `openat(AT_FDCWD, "/srv/data", O_RDONLY|O_DIRECTORY|O_CLOEXEC) = ${EACCES}`,
        `openat(AT_FDCWD, "/srv/data/a.csv", O_RDONLY|O_CLOEXEC) = ${EACCES}`,
      ],
      end: "+++ exited with 1 +++",
      flags: ["--allow-read /srv/data/a.csv"],
    },
    {
      name: "the directory it died listing: that directory",
      calls: [`openat(AT_FDCWD, "/srv/data", O_RDONLY|O_NONBLOCK|O_CLOEXEC|O_DIRECTORY) = ${EACCES}`],
      end: "+++ exited with 1 +++",
      flags: ["--allow-read /srv/data"],
    },
    {
      name: "the directory it died listing, though a refused socket came after: that directory",
      calls: [
        `openat(AT_FDCWD, "/srv/data", O_RDONLY|O_DIRECTORY) = ${EACCES}`,
        "socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = -1 EPERM (Operation not permitted)",
      ],
      end: "+++ exited with 1 +++",
      flags: ["--allow-read /srv/data"],
      not: /socket: /,
    },
    {
      name: "/ even when it died listing it: never proposed",
      calls: [`openat(AT_FDCWD, "/", O_RDONLY|O_DIRECTORY) = ${EACCES}`],
      end: "+++ exited with 1 +++",
      flags: [],
      not: /read \/ .*the root directory/,
    },
    {
      name: "tempfile trying /tmp, /var/tmp, then the cwd: -t only",
      calls: [
        `openat(AT_FDCWD, "/tmp/tmpa1", O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = ${EACCES}`,
        `openat(AT_FDCWD, "/var/tmp/tmpb2", O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = ${EACCES}`,
        `openat(AT_FDCWD, "/home/u/proj/tmpc3", O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC, 0600) = ${EACCES}`,
      ],
      end: "+++ exited with 1 +++",
      flags: ["-t"],
    },
    {
      name: "stat refused by the file's permissions: no flag (Landlock does not decide stat)",
      calls: [`newfstatat(AT_FDCWD, "/root/x", 0x7ffd, 0) = ${EACCES}`],
      end: "+++ exited with 1 +++",
      flags: [],
      not: /newfstatat \/root\/x: refused by the file's permissions/,
    },
    {
      name: "stat refused and survived: not even a note",
      calls: [`readlink("/root/x", 0x7ffd, 4096) = ${EACCES}`],
      flags: [],
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const l = learn(run(t.calls, t.end), undefined, ctx({ kindOf }));
      expect(l.flags).toEqual(t.flags);
      if (t.ignored) expect(l.ignored).toEqual(t.ignored);
      if (t.not) expect(l.notGrantable.join("\n")).toMatch(t.not);
      else expect(l.notGrantable).toEqual([]);
    });
  }
  it("leaves out what the empty script was refused too", () => {
    const base = run([`openat(AT_FDCWD, "/etc/x.conf", O_RDONLY) = ${EACCES}`], "+++ exited with 1 +++");
    const l = learn(
      run([`openat(AT_FDCWD, "/etc/x.conf", O_RDONLY) = ${EACCES}`], "+++ exited with 1 +++"),
      base,
      ctx(),
    );
    expect(l.flags).toEqual([]);
  });
});

describe("learn: programs", () => {
  const sort = [
    `101  execve("/usr/bin/sort", ["sort"], 0x1 /* 3 vars */) = ${EACCES}`,
    `101  openat(AT_FDCWD, "/usr/bin/sort", O_RDONLY) = ${EACCES}`,
    "101  +++ exited with 126 +++",
  ];
  const fork =
    "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101";
  it("hsh running sort: a program outside the grants, not --allow-read /usr/bin/sort", () => {
    const l = learn(run([fork, ...sort]), undefined, ctx({ host: hsh }));
    expect(l.flags).toEqual([]);
    expect(l.notGrantable).toEqual([
      "run /usr/bin/sort: needs a program outside the grants (hsh cannot run other programs yet)",
    ]);
  });
  it("hsh running a program beside the script: -x", () => {
    const l = learn(
      run([fork, `101  execve("/home/u/proj/tool", ["tool"], 0x1) = ${EACCES}`, "101  +++ exited with 126 +++"]),
      undefined,
      ctx({ host: hsh }),
    );
    expect(l.flags).toEqual(["-x"]);
  });
  it("a host that never runs programs says so", () => {
    const l = learn(run([fork, ...sort]), undefined, ctx());
    expect(l.notGrantable).toEqual(["run /usr/bin/sort: no flag of hnode runs another program"]);
  });
});

describe("learn: limits", () => {
  const py = (more: string[]) => [
    "brk(NULL) = 0x55000000",
    "brk(0x55400000) = 0x55400000",
    "mmap(NULL, 8392704, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK, -1, 0) = 0x7f0000000000",
    "mprotect(0x7f0000001000, 8388608, PROT_READ|PROT_WRITE) = 0",
    ...more,
  ];
  const bytearray300M = [
    "mmap(NULL, 314576896, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)",
    "brk(0x67000000) = 0x55400000",
  ];
  const table: {
    name: string;
    calls: string[];
    set: Partial<Record<RlimitName, string>>;
    flags: string[];
    why: RegExp;
  }[] = [
    {
      name: "Python's bytearray(300M) under data=256M, as=1G: data binds, raised by the request",
      calls: py(bytearray300M),
      set: { data: "256M", as: "1G" },
      flags: ["-r data=557M"],
      why: /mmap of 301M failed with ENOMEM: RLIMIT_DATA binds \(data=256M, about 12M in use, 57M short; as=1G had room\); data=557M is the limit plus the request/,
    },
    {
      name: "a data allocation with data unlimited (hnode): as binds",
      calls: py(["mmap(NULL, 2147483648, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM"]),
      set: { data: "unlimited", as: "2G" },
      flags: ["-r as=4G"],
      why: /RLIMIT_AS binds \(as=2G, about 13M in use, 13M short\)/,
    },
    {
      name: "a reservation (PROT_NONE) counts against as only",
      calls: py(["mmap(NULL, 1073741824, PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = -1 ENOMEM"]),
      set: { data: "256M", as: "1G" },
      flags: ["-r as=2G"],
      why: /RLIMIT_AS binds/,
    },
    {
      name: "address space mostly file mappings: as binds though the request fits data",
      calls: py([
        "mmap(NULL, 943718400, PROT_READ, MAP_SHARED, 3, 0) = 0x7e0000000000",
        "mmap(NULL, 209715200, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM",
      ]),
      set: { data: "256M", as: "1G" },
      flags: ["-r as=1224M"],
      why: /RLIMIT_AS binds \(as=1G, about 913M in use, 89M short; data=256M had room\)/,
    },
    {
      name: "the heap (brk) refused: data",
      calls: py(["brk(0x65400000) = 0x55400000"]),
      set: { data: "256M", as: "1G" },
      flags: ["-r data=512M"],
      why: /brk of 256M failed with ENOMEM: RLIMIT_DATA binds/,
    },
    {
      name: "freed memory is not in use",
      calls: py([
        "mmap(NULL, 209715200, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7d0000000000",
        "munmap(0x7d0000000000, 209715200) = 0",
        "mmap(NULL, 262144000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM",
      ]),
      set: { data: "256M", as: "1G" },
      flags: ["-r data=506M"],
      why: /about 12M in use/,
    },
    {
      name: "too many open files: nofile doubled",
      calls: ['openat(AT_FDCWD, "/srv/x", O_RDONLY) = -1 EMFILE (Too many open files)'],
      set: { nofile: "64" },
      flags: ["-r nofile=128"],
      why: /EMFILE/,
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const l = learn(run(t.calls, "+++ exited with 1 +++"), undefined, ctx({ rlimits: limits(t.set) }));
      expect(l.flags).toEqual(t.flags);
      expect(l.reasons.join("\n")).toMatch(t.why);
    });
  }
  it("a limit --learn raised and the run still ran into: doubled", () => {
    const plan = limits({ as: "2G" });
    const raised = { ...plan, as: { value: { kind: "set" as const, value: 2176n << 20n }, source: "-r as (--learn)" } };
    const calls = py(["mmap(NULL, 105910272, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM"]);
    const l = learn(run(calls, "+++ exited with 1 +++"), undefined, ctx({ rlimits: raised }));
    expect(l.flags).toEqual(["-r as=4352M"]);
    expect(l.reasons[0]).toMatch(/twice the limit \(raised once already\)/);
  });
  it("once a run gets through, 1.25 times its peak, within what it had", () => {
    const c = ctx({ rlimits: limits({ data: "256M", as: "1G" }) });
    const first = findings(run(py(bytearray300M), "+++ exited with 1 +++"), undefined, c);
    const raised = {
      ...c.rlimits,
      data: { value: { kind: "set" as const, value: 557n << 20n }, source: "-r data (--learn)" },
    };
    const ok = py([
      "mmap(NULL, 314576896, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7e0000000000",
      "munmap(0x7e0000000000, 314576896) = 0",
    ]);
    const second = findings(run(ok), undefined, { ...c, rlimits: raised });
    expect(second.memoryPeak?.data).toBe((12n << 20n) + 314576896n);
    const l = propose([first, second], c);
    expect(l.flags).toEqual(["-r data=391M"]);
    expect(l.reasons[0]).toMatch(
      /RLIMIT_DATA binds .*; with data=557M it ran through, at about 313M at most, and 391M is 1.25 times that/,
    );
  });
  it("threads share the address space; a fork copies it", () => {
    const calls = [
      "mmap(NULL, 104857600, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7d0000000000",
      "clone(child_stack=0x7f, flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM) = 101",
      "101  mmap(NULL, 209715200, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM",
    ];
    const l = learn(run(calls, "+++ exited with 1 +++"), undefined, ctx({ rlimits: limits({ data: "256M" }) }));
    expect(l.reasons.join("\n")).toMatch(/about 100M in use, 44M short/);
    const forked = [
      calls[0]!,
      "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101",
      "mmap(NULL, 104857600, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7c0000000000",
      calls[2]!,
    ];
    const f = learn(run(forked, "+++ exited with 1 +++"), undefined, ctx({ rlimits: limits({ data: "256M" }) }));
    expect(f.reasons.join("\n")).toMatch(/about 100M in use, 44M short/);
  });
});

describe("learn: the CPU limit", () => {
  const cpu5 = limits({ cpu: "5" });
  it("a SIGKILL that measured the limit: doubles what it used", () => {
    const l = learn(run([], "+++ killed by SIGKILL +++"), undefined, ctx({ rlimits: cpu5, cpuSeconds: 5.3 }));
    expect(l.flags).toEqual(["-r cpu=11"]);
  });
  it("a SIGKILL well short of the limit is something else", () => {
    const l = learn(run([], "+++ killed by SIGKILL +++"), undefined, ctx({ rlimits: cpu5, cpuSeconds: 1.2 }));
    expect(l.flags).toEqual([]);
  });
  it("SIGXCPU: the limit, whatever was measured", () => {
    const l = learn(
      run(["--- SIGXCPU {si_signo=SIGXCPU} ---"], "+++ killed by SIGXCPU +++"),
      undefined,
      ctx({ rlimits: cpu5 }),
    );
    expect(l.flags).toEqual(["-r cpu=10"]);
  });
  it("the measuring run's CPU time decides: 1.5 times what it used", () => {
    const c = ctx({ rlimits: cpu5 });
    const traced = findings(run([], "+++ killed by SIGKILL +++"), undefined, { ...c, cpuSeconds: 9 });
    const l = propose([traced, measureFindings(undefined, 7.1, limits({ cpu: "60" }))], c);
    expect(l.flags).toEqual(["-r cpu=11"]);
    expect(l.reasons[0]).toMatch(/used 7\.1 s, and 11 is 1\.5 times that/);
    expect(runFlags(l)).toEqual(["-r", "cpu=11"]);
  });
  it("stopped again while measuring: twice the measured time", () => {
    const c = ctx({ rlimits: cpu5 });
    const traced = findings(run([], "+++ killed by SIGKILL +++"), undefined, { ...c, cpuSeconds: 6 });
    const l = propose([traced, measureFindings("SIGKILL", 60.2, limits({ cpu: "60" }))], c);
    expect(l.flags).toEqual(["-r cpu=121"]);
  });
});
