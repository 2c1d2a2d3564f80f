// The built paths, poor-ldd and landlockc bins: paths and poor-ldd against
// ldd on the four interpreters, landlockc's JSON loaded back into the
// planner, one-line errors with exit 1, and an install from the package's
// tarball alone. Needs `pnpm build` first.
import { mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installAlone } from "../../../tools/e2e/install-alone.js";
import { run, runOk } from "../../../tools/e2e/process.js";
import { requestFromJson } from "../src/cli/landlockc-output.js";
import { planLandlock } from "../src/plan.js";

const PKG = join(import.meta.dirname, "..");
const bin = (name: string) => [
  process.execPath,
  join(PKG, "dist", ...(name === "poor-ldd" ? [] : ["cli"]), `${name}.js`),
];
const dir = mkdtempSync(join(tmpdir(), "h-landlock-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The interpreters of the four hosts (node: the one running this test).
const INTERPRETERS = ["lua5.4", "/usr/bin/python3", "bash", process.execPath];

/** ldd's libraries and loader: name => path, without linux-vdso and load addresses. */
async function ldd(program: string): Promise<{ lines: string[]; files: string[] }> {
  const out = await runOk(["ldd", program]);
  const lines = out
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.includes("linux-vdso"))
    .map((l) => l.replace(/ \(0x[0-9a-f]+\)$/, ""));
  const files = lines.map((l) => (l.includes(" => ") ? l.split(" => ")[1]! : l.trim())).map((p) => realpathSync(p));
  return { lines, files };
}

const which = async (p: string) => (p.includes("/") ? p : (await runOk(["sh", "-c", `command -v ${p}`])).trim());

describe("paths and poor-ldd agree with ldd", () => {
  it.each(INTERPRETERS)("%s", async (name) => {
    const program = await which(name);
    const want = await ldd(program);
    const poor = await runOk([...bin("poor-ldd"), program]);
    expect(new Set(poor.trimEnd().split("\n"))).toEqual(new Set(want.lines));
    const paths = (await runOk([...bin("paths"), program])).trimEnd().split("\n");
    const elfFiles = paths.filter(
      (p) => p !== realpathSync(program) && p !== "/etc/ld.so.cache" && !statSync(p).isDirectory(),
    );
    expect(new Set(elfFiles)).toEqual(new Set(want.files));
  });

  it("adds Python's runtime directories, and -lNAME as the linker resolves it", async () => {
    const dirs = (await runOk([...bin("paths"), "-p", "/usr/bin/python3"])).trimEnd().split("\n");
    expect(dirs.some((d) => d.endsWith("lib-dynload"))).toBe(true);
    expect(dirs.every((d) => statSync(d).isDirectory())).toBe(true);
    const libc = (await runOk([...bin("paths"), "-lc"])).trim();
    expect(libc).toBe(realpathSync((await ldd("/usr/bin/python3")).files.find((f) => /\/libc\.so/.test(f))!));
  });
});

describe("landlockc", () => {
  it("prints JSON that loads into the planner and gives the same plan", async () => {
    const paths = await runOk([...bin("paths"), "-w", "/usr/bin/python3"]);
    const json = await runOk([...bin("landlockc"), "--abi", "4", "--format", "json"], { input: paths });
    const doc = JSON.parse(json);
    const { request, abi } = requestFromJson(doc);
    const plan = planLandlock(request, abi, "best-effort");
    const hex = JSON.parse(JSON.stringify(plan, (_k, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v)));
    expect(hex).toEqual(doc.plan);
    expect(doc.plan.pathRules.find((r: { reason: string }) => r.reason === "dynamic loader")).toBeDefined();
    const text = await runOk([...bin("landlockc"), "-a", "4"], { input: paths });
    expect(text).toMatch(/^on ABI 2 also dropped: TRUNCATE/m);
    const profile = await runOk([...bin("landlockc"), "-f", "profile", "-g", "/usr/bin/python3=read+exec"]);
    expect(profile).toMatch(/rights: \["read", "exec"\]/);
  });
});

describe("bad input: one line on stderr, exit 1", () => {
  it.each([
    ["landlockc", ["-g", "/nonexistent/x"], /^landlockc: \/nonexistent\/x: no such file or directory\n$/],
    ["landlockc", ["-a", "8", "-g", "/usr"], /^landlockc: --abi 8 is out of range: Landlock ABIs are 1..7\n$/],
    ["landlockc", ["-f", "yaml", "-g", "/usr"], /^landlockc: --format: 'yaml'/],
    ["paths", ["/nonexistent/python3"], /^paths: \/nonexistent\/python3: not found\n$/],
    ["paths", ["-lnosuchlibrary"], /^paths: -lnosuchlibrary: no libnosuchlibrary.so in \/etc\/ld.so.cache\n$/],
    ["poor-ldd", ["/nonexistent"], /^poor-ldd: /],
  ] as const)("%s %j", async (name, args, message) => {
    const r = await run([...bin(name), ...args]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n").length).toBe(2);
  });

  it.each(["paths", "landlockc", "poor-ldd"])("%s -h", async (name) => {
    const r = await run([...bin(name), "-h"]);
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(new RegExp(`^usage: ${name}`));
  });
});

it("installs alone from the package's tarball: npx -p @hsandbox/landlock paths", async () => {
  const project = await installAlone(PKG, dir);
  const npx = (b: string) => ["npx", "--no", "-p", "@hsandbox/landlock", "--", b];
  const paths = await runOk([...npx("paths"), "bash"], { cwd: project });
  expect(paths).toMatch(/libc\.so/);
  const plan = await runOk([...npx("landlockc"), "-a", "3"], { cwd: project, input: paths });
  expect(plan).toMatch(/^Landlock ABI 3/);
});
