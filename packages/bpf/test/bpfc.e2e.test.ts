// The built bpfc bin: stdin and files, the kernel's example and rootmos/h's
// style, -d round trips, run mode, one-line errors with exit 1, and an install
// from the package's tarball alone. Needs `pnpm build` first.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { installAlone } from "../../../tools/e2e/install-alone.js";
import { run, runOk } from "../../../tools/e2e/process.js";

const PKG = join(import.meta.dirname, "..");
const BPFC = join(PKG, "dist", "cli", "bpfc.js");
const bpfc = (args: string[], input?: string | Buffer) =>
  run([process.execPath, BPFC, ...args], input === undefined ? {} : { input });
const dir = mkdtempSync(join(tmpdir(), "h-bpfc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KERNEL = `ld [4]
jne #0xc000003e, bad
ld [0]
jeq #15, good
jeq #231, good
jeq #60, good
jeq #0, good
jeq #1, good
bad: ret #0
good: ret #0x7fff0000
`;
const STYLE = `# rootmos/h's style
ld [$$offsetof(struct seccomp_data, arch)$$]
jne #$AUDIT_ARCH_X86_64, bad
ld [$$offsetof(struct seccomp_data, nr)$$]
jeq #$__NR_write, good
jne #$__NR_openat, bad
ld [$$offsetof(struct seccomp_data, args[2])$$]
jeq #$$(O_RDONLY|O_CLOEXEC)$$, good
bad: ret #$SECCOMP_RET_KILL_THREAD
good: ret #$SECCOMP_RET_ALLOW
`;

describe("bpfc", () => {
  it("assembles from a file and from stdin alike, and -d reads the bytes back", async () => {
    for (const [name, src] of [
      ["kernel.bpf", KERNEL],
      ["style.bpf", STYLE],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, src);
      const fromFile = await run([process.execPath, BPFC, "-x", "-a", "x86_64", file]);
      const fromStdin = await bpfc(["-x", "-a", "x86_64"], src);
      expect(fromFile.status).toBe(0);
      expect(fromFile.stdout).toBe(fromStdin.stdout);
      const raw = join(dir, `${name}.bin`);
      await runOk([process.execPath, BPFC, "-a", "x86_64", "-o", raw, file]);
      const dis = await runOk([process.execPath, BPFC, "-d", "-a", "x86_64", raw]);
      expect((await bpfc(["-x", "-a", "x86_64"], dis)).stdout).toBe(fromFile.stdout);
    }
  });

  it("runs a syscall and prints the path and the verdict", async () => {
    const r = await runOk([process.execPath, BPFC, "-a", "x86_64", "-r", "openat(AT_FDCWD, 0, O_RDONLY|O_CLOEXEC)"], {
      input: STYLE,
    });
    expect(r).toMatch(/^path:$/m);
    expect(r).toMatch(/^verdict: allow/m);
    const k = await runOk([process.execPath, BPFC, "-a", "x86_64", "-r", "mmap"], { input: KERNEL });
    expect(k).toMatch(/^verdict: kill-thread/m);
  });

  it.each([
    ["unknown mnemonic", [], "ld [0]\nfoo #1\n", /^bpfc: <stdin>:2:1: unknown mnemonic 'foo'\n$/],
    ["undefined label", [], "jeq #1, nowhere\nret #0\n", /^bpfc: <stdin>:1:9: undefined label 'nowhere'\n$/],
    [
      "jump out of range",
      [],
      `jeq #1, far\n${"ld [0]\n".repeat(300)}far: ret #0\n`,
      /^bpfc: <stdin>:1:9: jump to 'far' is 300 instructions away/,
    ],
    ["expression error", [], "ld [$$1 +$$]\nret #0\n", /^bpfc: <stdin>:1:\d+: expression ends too early\n$/],
    ["truncated bytes", ["-d"], Buffer.alloc(13), /^bpfc: <stdin>: length 13 is not a multiple of 8/],
    ["missing file", ["/nonexistent/f.bpf"], "", /^bpfc: \/nonexistent\/f.bpf: no such file\n$/],
    ["unknown option", ["--nope"], "", /^bpfc: unknown option '--nope'\n$/i],
  ] as const)("%s: one line on stderr, exit 1", async (_what, args, input, message) => {
    const r = await bpfc([...args], input);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n").length).toBe(2);
  });

  it("has -h", async () => {
    const r = await bpfc(["-h"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: bpfc/);
  });

  it("installs alone from the package's tarball: npx -p @hsandbox/bpf bpfc", async () => {
    const project = await installAlone(PKG, dir);
    const npx = ["npx", "--no", "-p", "@hsandbox/bpf", "--", "bpfc"];
    const out = await runOk([...npx, "-x", "-a", "x86_64"], { cwd: project, input: KERNEL });
    expect(out.split("\n")[0]).toBe("2000000004000000");
  });
});
