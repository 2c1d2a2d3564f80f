import { describe, expect, it } from "vitest";
import { abiVersion } from "../abi.js";
import { AccessFs, READ } from "../access-fs.js";
import { FLAG_ELF_LIBC6, FLAG_X8664_LIB64, parseLdCache } from "../ldcache.js";
import { planLandlock } from "../plan.js";
import { buildLdCache } from "../test-support.js";
import { LandlockcInputError, parseInput, parseRights } from "./landlockc-input.js";
import {
  type Grant,
  LandlockcJsonError,
  lowerAbis,
  ProfileSnippetError,
  renderJson,
  renderProfile,
  renderText,
  requestFromJson,
  requestOf,
} from "./landlockc-output.js";
import { lookupLibraryName } from "./libname.js";
import { isPython, parsePythonDirs } from "./python-runtime.js";

const X86_64 = FLAG_X8664_LIB64 | FLAG_ELF_LIBC6;
const accept = (f: number) => f === X86_64;

describe("-lNAME through ld.so.cache", () => {
  const entry = (key: string) => ({ flags: X86_64, key, value: `/lib/${key}` });
  it("prefers libNAME.so, as ld does, else the newest libNAME.so.N", () => {
    const both = parseLdCache(buildLdCache([entry("libz.so.1"), entry("libz.so")]));
    expect(lookupLibraryName(both, "z", accept)?.value).toBe("/lib/libz.so");
    const runtime = parseLdCache(buildLdCache([entry("libssl.so.1.1"), entry("libssl.so.3"), entry("libssl3.so")]));
    expect(lookupLibraryName(runtime, "ssl", accept)?.key).toBe("libssl.so.3");
    expect(lookupLibraryName(runtime, "crypto", accept)).toBeNull();
    const foreign = parseLdCache(
      buildLdCache([{ flags: FLAG_ELF_LIBC6, key: "libz.so.1", value: "/lib32/libz.so.1" }]),
    );
    expect(lookupLibraryName(foreign, "z", accept)).toBeNull();
  });
});

describe("paths' Python runtime", () => {
  it("keeps existing directories once each", () => {
    const out = JSON.stringify({ stdlib: ["/a", "/a"], dynload: ["/a/lib-dynload"], site: ["/s", "/missing"] });
    expect(parsePythonDirs(out, (d) => d !== "/missing")).toEqual({
      stdlib: ["/a"],
      dynload: ["/a/lib-dynload"],
      sitePackages: ["/s"],
    });
    expect(["python3", "python3.11", "python"].every(isPython)).toBe(true);
    expect(isPython("python3-config")).toBe(false);
  });
});

describe("landlockc", () => {
  it("reads paths, rights and reasons", () => {
    expect(
      parseInput("# a comment\n/usr/bin/lua5.4 read+exec # interpreter\n\n/srv read_file,READ_DIR\n/etc\n"),
    ).toEqual([
      {
        line: 2,
        path: "/usr/bin/lua5.4",
        rights: { access: READ | AccessFs.EXECUTE, words: ["read", "exec"] },
        reason: "interpreter",
      },
      { line: 4, path: "/srv", rights: { access: READ } },
      { line: 5, path: "/etc" },
    ]);
    expect(() => parseInput("/a read\n/b bogus\n")).toThrow(/line 2: unknown right 'bogus'/);
    expect(() => parseInput("/a read extra\n")).toThrow(LandlockcInputError);
    expect(() => parseRights("read+")).toThrow(/empty right/);
  });

  const grants: Grant[] = [
    { path: "/usr/bin/lua5.4", kind: "file", access: READ | AccessFs.EXECUTE, words: ["read", "exec"], reason: "x" },
    { path: "/tmp", kind: "dir", access: parseRights("write").access, words: ["write"], reason: "scratch" },
  ] as Grant[];

  it("prints JSON that loads back into the planner", () => {
    const request = requestOf(grants);
    const plan = planLandlock(request, abiVersion(4), "best-effort");
    const json = JSON.parse(renderJson(request, plan, lowerAbis(request, plan)));
    const back = requestFromJson(json);
    expect(back.abi).toBe(4);
    expect(planLandlock(back.request, back.abi, "best-effort")).toEqual(plan);
    expect(() => requestFromJson({ ...json, schema: "x" })).toThrow(LandlockcJsonError);
  });

  it("says what each lower ABI drops, once, where it goes", () => {
    const request = requestOf(grants);
    const lower = lowerAbis(request, planLandlock(request, abiVersion(4), "best-effort"));
    expect(lower.map((l) => l.abi)).toEqual([3, 2, 1]);
    expect(lower[0]!.dropped.join()).toMatch(/^BIND_TCP.*CONNECT_TCP/);
    expect(lower[1]!.dropped.join()).toMatch(/^TRUNCATE/);
    expect(lower[2]!.dropped.join()).toMatch(/^REFER/); // /tmp was granted write, which includes REFER
    const text = renderText(planLandlock(request, abiVersion(4), "best-effort"), lower);
    expect(text).toMatch(/^on ABI 2 also dropped: TRUNCATE needs Landlock ABI 3/m);
  });

  it("prints a profile snippet only for h's grant words", () => {
    const plan = planLandlock(requestOf(grants), abiVersion(7), "best-effort");
    expect(renderProfile(grants, plan, [])).toContain(
      '{ path: "/usr/bin/lua5.4", rights: ["read", "exec"], reason: "x" },',
    );
    const raw = [{ ...grants[0]!, words: undefined }] as unknown as Grant[];
    expect(() => renderProfile(raw, plan, [])).toThrow(ProfileSnippetError);
  });
});
