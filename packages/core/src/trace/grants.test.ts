import { describe, expect, it } from "vitest";
import { GROUP_THRESHOLD, isBroad, type PathNeed, proposeGrants } from "./grants.js";

const ctx = { scriptDir: "/home/u/proj", tmpDir: "/tmp" };
const read = (path: string): PathNeed => ({ path, need: "read", via: "openat for reading", kind: "file" });
const list = (path: string): PathNeed => ({ path, need: "read", via: "openat (directory)", kind: "dir" });
const create = (dir: string): PathNeed => ({ path: dir, need: "write", via: "openat O_CREAT", kind: "dir" });
const overwrite = (path: string): PathNeed => ({ path, need: "write", via: "openat for writing" });
const files = (dir: string, n: number) => Array.from({ length: n }, (_, i) => read(`${dir}/f${i}.csv`));

describe("proposeGrants: the narrowest flags", () => {
  const table: { name: string; needs: PathNeed[]; flags: string[]; hints?: string[]; notGranted?: RegExp }[] = [
    { name: "one file: that file", needs: [read("/srv/data/a.csv")], flags: ["--allow-read /srv/data/a.csv"] },
    {
      name: "one file beside the script: that file, not -s",
      needs: [read("/home/u/proj/data.txt")],
      flags: ["--allow-read /home/u/proj/data.txt"],
    },
    {
      name: `up to ${GROUP_THRESHOLD} files in a directory: each, and a hint`,
      needs: files("/srv/data", GROUP_THRESHOLD),
      flags: files("/srv/data", GROUP_THRESHOLD).map((n) => `--allow-read ${n.path}`),
      hints: ["or the whole directory: --allow-read /srv/data"],
    },
    {
      name: "more files than the threshold: the directory",
      needs: files("/srv/data", GROUP_THRESHOLD + 1),
      flags: ["--allow-read /srv/data"],
      hints: [],
    },
    {
      name: "more files than the threshold beside the script: -s",
      needs: files("/home/u/proj", GROUP_THRESHOLD + 1),
      flags: ["-s"],
    },
    {
      name: "the script's own directory listed: -s",
      needs: [list("/home/u/proj")],
      flags: ["-s"],
    },
    {
      name: "files in two sibling directories: never their parent",
      needs: [read("/srv/a/x"), read("/srv/b/y")],
      flags: ["--allow-read /srv/a/x", "--allow-read /srv/b/y"],
      hints: [],
    },
    {
      name: "a listed directory covers the files read in it",
      needs: [list("/srv/data"), read("/srv/data/a.csv"), read("/srv/data/sub/b.csv")],
      flags: ["--allow-read /srv/data"],
    },
    {
      name: "a created file: its directory, for writing, which also reads",
      needs: [create("/srv/out"), read("/srv/out/old.txt")],
      flags: ["--allow-write /srv/out"],
    },
    {
      name: "an existing file rewritten: that file",
      needs: [overwrite("/srv/out/log.txt")],
      flags: ["--allow-write /srv/out/log.txt"],
    },
    {
      name: "a file written and others read in one directory: read and write grants kept apart",
      needs: [overwrite("/srv/d/log"), read("/srv/d/a"), read("/srv/d/b")],
      flags: ["--allow-read /srv/d/a", "--allow-read /srv/d/b", "--allow-write /srv/d/log"],
      hints: ["or the whole directory: --allow-write /srv/d"],
    },
    { name: "the temp dir itself: -t", needs: [create("/tmp")], flags: ["-t"] },
    {
      name: "beneath the temp dir: narrower than -t",
      needs: [read("/tmp/data/x.csv")],
      flags: ["--allow-read /tmp/data/x.csv"],
    },
    { name: "the time zone: -l", needs: [read("/etc/localtime")], flags: ["-l"] },
    {
      name: "the root directory: never",
      needs: [list("/")],
      flags: [],
      notGranted: /read \/ .*the root directory/,
    },
    {
      name: "a top-level directory: never, not even to create in it",
      needs: [create("/etc")],
      flags: [],
      notGranted: /write \/etc .*a top-level directory/,
    },
    {
      name: "many files of a top-level directory: each file, not the directory",
      needs: files("/etc", GROUP_THRESHOLD + 1),
      flags: files("/etc", GROUP_THRESHOLD + 1).map((n) => `--allow-read ${n.path}`),
      hints: [],
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      const g = proposeGrants(t.needs, ctx);
      expect([...g.flags.keys()].sort()).toEqual([...t.flags].sort());
      if (t.hints) expect(g.hints).toEqual(t.hints);
      if (t.notGranted) expect(g.notGranted.join("\n")).toMatch(t.notGranted);
      else expect(g.notGranted).toEqual([]);
    });
  }
  it("names the refused call each flag answers", () => {
    const g = proposeGrants(files("/srv/data", GROUP_THRESHOLD + 1), ctx);
    expect(g.flags.get("--allow-read /srv/data")).toBe(`read /srv/data (${GROUP_THRESHOLD + 1} files in it)`);
  });
  it("counts / and top-level directories as broad", () => {
    expect(["/", "/etc", "/home", "/usr/"].map(isBroad)).toEqual([true, true, true, true]);
    expect(["/usr/share", "/home/u"].map(isBroad)).toEqual([false, false]);
  });
});
