import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDir, probeWithCache } from "./cache.js";

const root = mkdtempSync(join(tmpdir(), "h-cache-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("cacheDir", () => {
  it("prefers XDG_CACHE_HOME, uses ~/.cache only when it exists, never a relative path, none with H_NO_CACHE=1", () => {
    expect(cacheDir({ XDG_CACHE_HOME: "/x/cache", HOME: root })).toBe("/x/cache/h");
    expect(cacheDir({ HOME: root })).toBeUndefined();
    mkdirSync(join(root, ".cache"));
    expect(cacheDir({ HOME: root })).toBe(join(root, ".cache", "h"));
    expect(cacheDir({ XDG_CACHE_HOME: "rel", HOME: "rel" })).toBeUndefined();
    expect(cacheDir({ XDG_CACHE_HOME: "/x/cache", H_NO_CACHE: "1" })).toBeUndefined();
  });
});

describe("probeWithCache", () => {
  const binary = join(root, "interp");
  writeFileSync(binary, "#!/bin/true\n");
  const counting = () => {
    let runs = 0;
    return { spec: { schema: 1, run: () => ({ runs: ++runs }) }, runs: () => runs };
  };

  it("runs the probe once per binary identity, then answers from the cache", () => {
    const env = { XDG_CACHE_HOME: join(root, "xdg") };
    const c = counting();
    expect(probeWithCache("htest", c.spec, binary, env)).toEqual({ answer: { runs: 1 }, cached: false });
    expect(probeWithCache("htest", c.spec, binary, env)).toEqual({ answer: { runs: 1 }, cached: true });
    expect(c.runs()).toBe(1);
    writeFileSync(binary, "#!/bin/true\n# changed\n");
    expect(probeWithCache("htest", c.spec, binary, env).cached).toBe(false);
  });

  it("honours H_NO_CACHE and a known answer", () => {
    const c = counting();
    const env = { XDG_CACHE_HOME: join(root, "xdg"), H_NO_CACHE: "1" };
    probeWithCache("hnocache", c.spec, binary, env);
    probeWithCache("hnocache", c.spec, binary, env);
    expect(c.runs()).toBe(2);
    expect(probeWithCache("hknown", { ...c.spec, known: () => ({ runs: 0 }) }, binary, env).answer).toEqual({
      runs: 0,
    });
  });
});
