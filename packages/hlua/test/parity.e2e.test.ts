// The Lua language under hlua is lua5.4's own: each script in parity/ (the
// debug library at work: upvalues, locals, hooks, tracebacks, getinfo,
// metatables, an uncaught error) prints the same under hlua, as root and as
// uid 65534, as under bare lua5.4. Normalised: only lua.c's "lua5.4:" prefix
// (hlua's is "hlua:") and its exit status 1 for an uncaught error (hlua's is 2).
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { User } from "../../../tools/e2e/cases.js";
import { deploy } from "../../../tools/e2e/deploy.js";
import { bound, type Ran, run } from "../../../tools/e2e/process.js";

const isRoot = process.getuid?.() === 0;
const users: User[] = isRoot ? ["root", "nobody"] : ["root"];
const scripts = readdirSync(join(import.meta.dirname, "parity"))
  .filter((f) => f.endsWith(".lua"))
  .sort();

let deployed: string | undefined;
let dir: string | undefined;
const setup = () => {
  deployed ??= deploy(["hlua"]);
  if (dir === undefined) {
    // World-readable, outside the checkout: uid 65534 must read the scripts.
    dir = mkdtempSync(join(tmpdir(), "h-lua-parity-"));
    cpSync(join(import.meta.dirname, "parity"), dir, { recursive: true });
    chmodSync(dir, 0o755);
    for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  }
  return { bin: join(deployed, "hlua", "dist", "bin.js"), dir };
};
afterAll(() => {
  if (process.env.H_KEEP_WORK) return;
  for (const d of [deployed, dir]) if (d) rmSync(d, { recursive: true, force: true });
});

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const asUser = (user: User, argv: string[]) =>
  user === "root" ? argv : ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...argv];

/** What lua5.4 would show if it were called hlua and exited 2 on an uncaught error. */
function asHlua(r: Ran) {
  const failed = r.status === 1 && r.stderr.startsWith("lua5.4: ");
  return {
    status: failed ? 2 : r.status,
    stdout: r.stdout,
    stderr: r.stderr.replace(/^lua5\.4: /, "hlua: "),
  };
}

for (const user of users) {
  describe(`hlua runs Lua as lua5.4 does, as ${user === "root" ? "root" : "uid 65534"}`, () => {
    for (const script of scripts) {
      it(
        `${script}: same output as bare lua5.4`,
        async () => {
          const { bin, dir } = setup();
          const path = join(dir, script);
          const bare = await run(asUser(isRoot ? user : "root", ["lua5.4", path]), { cwd: "/", env });
          const confined = await run(asUser(isRoot ? user : "root", [process.execPath, bin, path]), {
            cwd: "/",
            env,
          });
          expect(bare.signal, bare.stderr).toBeNull();
          expect({ status: confined.status, stdout: confined.stdout, stderr: confined.stderr }).toEqual(asHlua(bare));
        },
        bound(60_000),
      );
    }
  });
}
