import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abiVersion, type KernelAbi } from "./abi.js";
import {
  AccessFs,
  ALL_FS,
  FILE_RIGHTS,
  type FsAccess,
  fsRightsForAbi,
  READ,
  READ_EXEC,
  READ_WRITE,
} from "./access-fs.js";
import { AccessNet, ALL_NET, type NetAccess } from "./access-net.js";
import { isSubset } from "./mask.js";
import {
  accessLabel,
  describePlan,
  LandlockPlanError,
  type LandlockRequest,
  type PathRuleRequest,
  planLandlock,
} from "./plan.js";
import { RestrictSelf } from "./restrict-self.js";
import { ALL_SCOPES } from "./scope.js";

const luaRequest: LandlockRequest = {
  pathRules: [
    { path: "/usr/bin/lua5.4", access: READ_EXEC, kind: "file", reason: "interpreter" },
    { path: "/usr/lib/x86_64-linux-gnu/libc.so.6", access: READ, kind: "file", reason: "library" },
    { path: "/tmp/work", access: READ_WRITE, kind: "dir", reason: "temp dir (-t)" },
  ],
};

const features = (abi: KernelAbi, req: LandlockRequest = luaRequest) =>
  planLandlock(req, abi).dropped.map((d) => d.feature);

describe("planLandlock across ABIs", () => {
  it("ABI 7 enforces everything the library knows, drops nothing", () => {
    const plan = planLandlock(luaRequest, abiVersion(7));
    expect(plan.enforced).toBe(true);
    expect(plan.handledFs).toBe(ALL_FS);
    expect(plan.handledNet).toBe(ALL_NET);
    expect(plan.scoped).toBe(ALL_SCOPES);
    expect(plan.dropped).toEqual([]);
    expect(planLandlock(luaRequest, abiVersion(7), "strict")).toEqual({ ...plan, mode: "strict" });
  });

  it("reports exactly the features each older ABI lacks", () => {
    const net = ["BIND_TCP", "CONNECT_TCP"];
    const scopes = ["ABSTRACT_UNIX_SOCKET", "SIGNAL"];
    // No rule grants REFER on ABI 1 here (READ_WRITE on /tmp/work does — see the next test).
    const noRefer: LandlockRequest = { pathRules: (luaRequest.pathRules ?? []).slice(0, 2) };
    expect(features(abiVersion(1), noRefer)).toEqual(["TRUNCATE", "IOCTL_DEV", ...net, ...scopes]);
    expect(features(abiVersion(2))).toEqual(["TRUNCATE", "IOCTL_DEV", ...net, ...scopes]);
    expect(features(abiVersion(3))).toEqual(["IOCTL_DEV", ...net, ...scopes]);
    expect(features(abiVersion(4))).toEqual(["IOCTL_DEV", ...scopes]);
    expect(features(abiVersion(5))).toEqual(scopes);
    expect(features(abiVersion(6))).toEqual([]);
    const flags = { ...luaRequest, restrictSelfFlags: RestrictSelf.LOG_NEW_EXEC_ON };
    expect(features(abiVersion(6), flags)).toEqual(["LOG_NEW_EXEC_ON"]);
    expect(planLandlock(flags, abiVersion(6)).dropped[0]?.effect).toBe("logging");
    expect(planLandlock(flags, abiVersion(7)).restrictSelfFlags).toBe(RestrictSelf.LOG_NEW_EXEC_ON);
    for (let a = 1; a <= 7; a++) {
      const abi = abiVersion(a);
      expect(planLandlock(luaRequest, abi).handledFs).toBe(fsRightsForAbi(abi));
    }
  });

  it("messages name the right, the ABI it needs and the kernel's ABI", () => {
    const d = planLandlock(luaRequest, abiVersion(2)).dropped[0]!;
    expect(d).toMatchObject({ feature: "TRUNCATE", neededAbi: 3, kernelAbi: 2, effect: "weaker" });
    expect(d.message).toMatch(/^TRUNCATE needs Landlock ABI 3, kernel has 2: truncating files/);
  });

  it("REFER on ABI 1: only a drop when a rule grants it, and then the sandbox is stricter", () => {
    const plan = planLandlock(luaRequest, abiVersion(1));
    const refer = plan.dropped.find((d) => d.feature === "REFER");
    expect(refer?.effect).toBe("stricter");
    expect(refer?.message).toContain("REFER needs Landlock ABI 2, kernel has 1");
    expect(refer?.message).toContain("/tmp/work");
    expect(plan.handledFs & AccessFs.REFER).toBe(0n);
    expect(plan.pathRules.every((r) => (r.access & AccessFs.REFER) === 0n)).toBe(true);
    // ABI 2 can grant it.
    const p2 = planLandlock(luaRequest, abiVersion(2));
    expect(p2.pathRules.find((r) => r.path === "/tmp/work")!.access & AccessFs.REFER).toBe(AccessFs.REFER);
  });

  it("strict mode refuses with a typed error listing every dropped item", () => {
    let err: unknown;
    try {
      planLandlock(luaRequest, abiVersion(3), "strict");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LandlockPlanError);
    const e = err as LandlockPlanError;
    expect(e.kind).toBe("unsupported");
    expect(e.dropped.map((d) => d.feature)).toEqual([
      "IOCTL_DEV",
      "BIND_TCP",
      "CONNECT_TCP",
      "ABSTRACT_UNIX_SOCKET",
      "SIGNAL",
    ]);
    expect(e.problems).toHaveLength(5);
    expect(e.message).toContain("IOCTL_DEV needs Landlock ABI 5, kernel has 3");
    // Asking only for what ABI 3 has is fine in strict mode.
    const narrow = {
      ...luaRequest,
      handledFs: fsRightsForAbi(abiVersion(3)),
      handledNet: 0n as NetAccess,
      scopes: 0n as never,
    };
    expect(planLandlock(narrow, abiVersion(3), "strict").dropped).toEqual([]);
  });

  it("a kernel without Landlock: best-effort plans nothing, strict refuses", () => {
    const plan = planLandlock(luaRequest, 0);
    expect(plan).toMatchObject({ enforced: false, handledFs: 0n, pathRules: [], portRules: [] });
    expect(plan.dropped).toHaveLength(1);
    expect(plan.dropped[0]!.message).toMatch(/Landlock is not available/);
    expect(() => planLandlock(luaRequest, 0, "strict")).toThrow(LandlockPlanError);
  });

  it("a request handling only what the kernel lacks ends up not enforced", () => {
    const req: LandlockRequest = { handledFs: 0n as FsAccess, handledNet: ALL_NET, scopes: 0n as never };
    const plan = planLandlock(req, abiVersion(3));
    expect(plan.enforced).toBe(false);
    expect(plan.dropped.map((d) => d.feature)).toEqual(["BIND_TCP", "CONNECT_TCP"]);
  });
});

describe("planLandlock rules", () => {
  it("rules on files keep only FILE_RIGHTS", () => {
    const plan = planLandlock(
      { pathRules: [{ path: "/etc/hosts", access: READ_WRITE, kind: "file", reason: "hosts" }] },
      abiVersion(7),
    );
    expect(plan.pathRules).toHaveLength(1);
    expect(plan.pathRules[0]!.access).toBe(AccessFs.READ_FILE | AccessFs.WRITE_FILE | AccessFs.TRUNCATE);
  });

  it("a rule left with nothing to grant disappears", () => {
    const plan = planLandlock(
      {
        pathRules: [
          { path: "/dev", access: READ, kind: "dir", reason: "x" },
          { path: "/dev/null", access: AccessFs.READ_DIR, kind: "file", reason: "meaningless on a file" },
          { path: "/tmp/t", access: AccessFs.TRUNCATE, kind: "file", reason: "not handled on ABI 2" },
        ],
      },
      abiVersion(2),
    );
    expect(plan.pathRules.map((r) => r.path)).toEqual(["/dev"]);
  });

  it("merges rules on the same path: rights OR'ed, reasons joined once", () => {
    const plan = planLandlock(
      {
        pathRules: [
          { path: "/srv/app/", access: READ, kind: "dir", reason: "script directory (-s)" },
          { path: "/usr/lib", access: READ, kind: "dir", reason: "runtime" },
          { path: "/srv/app", access: AccessFs.EXECUTE, kind: "dir", reason: "exec (-x)" },
          { path: "/srv//app", access: READ, kind: "dir", reason: "script directory (-s)" },
        ],
      },
      abiVersion(7),
    );
    expect(plan.pathRules.map((r) => r.path)).toEqual(["/srv/app", "/usr/lib"]);
    expect(plan.pathRules[0]).toMatchObject({
      access: READ_EXEC,
      reason: "script directory (-s); exec (-x)",
      reasons: ["script directory (-s)", "exec (-x)"],
    });
  });

  it("rights outside the handled set are removed (they are allowed everywhere anyway)", () => {
    const plan = planLandlock(
      {
        handledFs: READ,
        pathRules: [{ path: "/data", access: READ_WRITE, kind: "dir", reason: "data" }],
      },
      abiVersion(7),
    );
    expect(plan.handledFs).toBe(READ);
    expect(plan.pathRules[0]!.access).toBe(READ);
  });

  it("port rules: merged, masked, and moot before ABI 4", () => {
    const req: LandlockRequest = {
      portRules: [
        { port: 443, access: AccessNet.CONNECT_TCP, reason: "https" },
        { port: 443, access: AccessNet.CONNECT_TCP, reason: "https" },
        { port: 8080, access: AccessNet.BIND_TCP, reason: "dev server" },
      ],
    };
    const p7 = planLandlock(req, abiVersion(7));
    expect(p7.portRules).toEqual([
      { port: 443, access: AccessNet.CONNECT_TCP, reason: "https", reasons: ["https"] },
      { port: 8080, access: AccessNet.BIND_TCP, reason: "dev server", reasons: ["dev server"] },
    ]);
    const p3 = planLandlock(req, abiVersion(3));
    expect(p3.portRules).toEqual([]);
    expect(p3.dropped.find((d) => d.feature === "BIND_TCP")?.message).toBe(
      "BIND_TCP needs Landlock ABI 4, kernel has 3: binding TCP ports is not restricted (port rules 443, 8080 are moot)",
    );
  });

  it("rejects malformed requests in any mode", () => {
    const bad = (r: Partial<PathRuleRequest>) => () =>
      planLandlock({ pathRules: [{ path: "/x", access: READ, kind: "dir", reason: "r", ...r }] }, abiVersion(7));
    expect(bad({ path: "relative/x" })).toThrow(/absolute path/);
    expect(bad({ path: "/usr/lib/../../etc" })).toThrow(/contains "\.\.": pass a resolved path/);
    expect(bad({ access: 0n as FsAccess })).toThrow(/grants nothing/);
    expect(bad({ access: (1n << 20n) as FsAccess })).toThrow(/unknown bits 0x100000/);
    const conflict: PathRuleRequest[] = [
      { path: "/x", access: READ, kind: "dir", reason: "" },
      { path: "/x/", access: READ, kind: "file", reason: "" },
    ];
    expect(() => planLandlock({ pathRules: conflict }, abiVersion(7))).toThrow(/both as a file and as a directory/);
    expect(() =>
      planLandlock({ portRules: [{ port: 70000, access: AccessNet.BIND_TCP, reason: "" }] }, abiVersion(7)),
    ).toThrow(LandlockPlanError);
    expect(() => planLandlock({}, 9 as KernelAbi)).toThrow(/kernel ABI/);
    try {
      bad({ path: "x" })();
    } catch (e) {
      expect((e as LandlockPlanError).kind).toBe("invalid-request");
    }
  });

  it("invariants hold for random requests on every ABI (property)", () => {
    const right = fc.bigInt({ min: 1n, max: ALL_FS });
    const rule = fc.record({
      path: fc.constantFrom("/a", "/a/", "/b", "/b/c", "/"),
      access: right,
      kind: fc.constant<"dir">("dir"),
      reason: fc.constantFrom("one", "two", ""),
    });
    const fileRule = fc.record({
      path: fc.constantFrom("/f1", "/f2"),
      access: right,
      kind: fc.constant<"file">("file"),
      reason: fc.constantFrom("lib", "bin"),
    });
    fc.assert(
      fc.property(
        fc.array(fc.oneof(rule, fileRule), { maxLength: 8 }),
        fc.bigInt({ min: 0n, max: ALL_FS }),
        fc.integer({ min: 0, max: 7 }),
        (rules, handled, abi) => {
          const plan = planLandlock(
            { handledFs: handled as FsAccess, pathRules: rules as PathRuleRequest[] },
            abi as KernelAbi,
          );
          const paths = new Set<string>();
          for (const r of plan.pathRules) {
            expect(r.access).not.toBe(0n);
            expect(isSubset(r.access, plan.handledFs)).toBe(true);
            if (r.kind === "file") expect(isSubset(r.access, FILE_RIGHTS)).toBe(true);
            expect(paths.has(r.path)).toBe(false);
            paths.add(r.path);
          }
          expect(isSubset(plan.handledFs, abi === 0 ? (0n as FsAccess) : fsRightsForAbi(abi as KernelAbi))).toBe(true);
          expect(isSubset(plan.handledFs, handled as FsAccess)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("describePlan", () => {
  it("prints rights, paths and reasons in aligned columns", () => {
    const lines = describePlan(planLandlock(luaRequest, abiVersion(7)));
    expect(lines[0]).toBe("Landlock ABI 7 (best-effort): everything handled below is denied unless a rule grants it");
    expect(lines.slice(4)).toEqual([
      "read+exec                       /usr/bin/lua5.4                      (interpreter)",
      "read                            /usr/lib/x86_64-linux-gnu/libc.so.6  (library)",
      "read+write+create+remove+refer  /tmp/work/                           (temp dir (-t))",
    ]);
    expect(lines[1]).toBe(
      "  handled filesystem rights: execute write_file read_file read_dir remove_dir remove_file make_char make_dir make_reg make_sock make_fifo make_block make_sym refer truncate ioctl_dev",
    );
  });

  it("lists dropped items and the unenforced case", () => {
    expect(describePlan(planLandlock(luaRequest, abiVersion(5)))).toContain(
      "dropped: ABSTRACT_UNIX_SOCKET scope needs Landlock ABI 6, kernel has 5: connecting to abstract UNIX sockets outside the sandbox is not blocked",
    );
    const off = describePlan(planLandlock(luaRequest, 0));
    expect(off[0]).toBe("Landlock: not enforced (kernel ABI 0, best-effort)");
    expect(off[1]).toMatch(/^dropped: Landlock is not available/);
  });

  it("labels rights relative to what is handled and what applies to the kind", () => {
    expect(accessLabel(READ_EXEC, ALL_FS, "dir")).toBe("read+exec");
    expect(accessLabel(AccessFs.READ_FILE, ALL_FS, "file")).toBe("read");
    expect(accessLabel(AccessFs.READ_FILE, ALL_FS, "dir")).toBe("read_file");
    expect(accessLabel(AccessFs.WRITE_FILE, fsRightsForAbi(abiVersion(2)), "file")).toBe("write");
    expect(accessLabel(AccessFs.WRITE_FILE, ALL_FS, "file")).toBe("write_file");
  });
});
