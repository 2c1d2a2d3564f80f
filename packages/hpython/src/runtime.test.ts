import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stdlibEntries } from "./runtime.js";

const root = mkdtempSync(join(tmpdir(), "hpython-runtime-test-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("stdlibEntries", () => {
  it("lists a stdlib's entries without site-packages and lib-dynload when site-packages is beneath it (pyenv)", () => {
    const lib = join(root, "pyenv", "lib", "python3.11");
    for (const d of ["site-packages", "lib-dynload", "encodings"]) mkdirSync(join(lib, d), { recursive: true });
    writeFileSync(join(lib, "os.py"), "");
    expect(stdlibEntries([lib], [join(lib, "site-packages"), join(lib, "lib-dynload")])).toEqual([
      join(lib, "encodings"),
      join(lib, "os.py"),
    ]);
  });
  it("is empty when no site-packages is beneath the stdlib (Debian), even with lib-dynload inside", () => {
    const lib = join(root, "debian", "usr", "lib", "python3.11");
    mkdirSync(join(lib, "lib-dynload"), { recursive: true });
    expect(stdlibEntries([lib], ["/usr/lib/python3/dist-packages", join(lib, "lib-dynload")])).toEqual([]);
  });
});
