import { describe, expect, it } from "vitest";
import { assemble } from "../asm.js";
import { AUDIT_ARCH } from "../compile.js";
import { decode, encode } from "../insn.js";
import { SECCOMP_RET_ALLOW } from "../interp.js";
import { BpfcUsageError, machineArch, parseBpfcArgs } from "./bpfc-options.js";
import { BpfcRunError, bpfc } from "./bpfc-run.js";
import { fromHex, HexError, toHex } from "./hex.js";
import { formatCall, parseSyscallCall, SyscallCallError } from "./syscall-call.js";
import { tracePath, verdictText } from "./trace.js";

// The kernel documentation's seccomp example (Documentation/networking/filter.rst).
const KERNEL_EXAMPLE = `  ld [4]                  /* offsetof(struct seccomp_data, arch) */
  jne #0xc000003e, bad    /* AUDIT_ARCH_X86_64 */
  ld [0]                  /* offsetof(struct seccomp_data, nr) */
  jeq #15, good           /* __NR_rt_sigreturn */
  jeq #231, good          /* __NR_exit_group */
  jeq #60, good           /* __NR_exit */
  jeq #0, good            /* __NR_read */
  jeq #1, good            /* __NR_write */
  jeq #5, good            /* __NR_fstat */
  jeq #9, good            /* __NR_mmap */
  jeq #14, good           /* __NR_rt_sigprocmask */
  jeq #13, good           /* __NR_rt_sigaction */
  jeq #35, good           /* __NR_nanosleep */
  bad: ret #0             /* SECCOMP_RET_KILL_THREAD */
  good: ret #0x7fff0000   /* SECCOMP_RET_ALLOW */
`;

// rootmos/h's hlua filter style: # comments, $NAME and $$expr$$.
const HLUA_STYLE = `# a filter in rootmos/h's bpfc style
ld [$$offsetof(struct seccomp_data, arch)$$]
jne #$AUDIT_ARCH_X86_64, bad
ld [$$offsetof(struct seccomp_data, nr)$$]
jge #$__X32_SYSCALL_BIT, bad

jeq #$__NR_read, good
jeq #$__NR_write, good
jne #$__NR_openat, openat_end
ld [$$offsetof(struct seccomp_data, args[2])$$]
jeq #$$(O_RDONLY|O_CLOEXEC)$$, good
jmp bad
openat_end:
jne #$__NR_fcntl, fcntl_end
ld [$$offsetof(struct seccomp_data, args[1])$$]
jeq #$F_GETFL, good
jmp bad
fcntl_end:
jeq #$__NR_exit_group, good

bad: ret #$SECCOMP_RET_KILL_THREAD
good: ret #$SECCOMP_RET_ALLOW
`;

const opts = (argv: string[]) => parseBpfcArgs(argv, "x64");
const text = (s: string) => new TextEncoder().encode(s);
const out = (r: { stdout: Uint8Array | string }) =>
  typeof r.stdout === "string" ? r.stdout : Buffer.from(r.stdout).toString("utf8");

describe("bpfc", () => {
  it("assembles the kernel's example and rootmos/h's style to bytes, and -d round-trips both", () => {
    for (const src of [KERNEL_EXAMPLE, HLUA_STYLE]) {
      const bytes = bpfc(opts([]), text(src)).stdout as Uint8Array;
      expect(bytes).toEqual(encode(assemble(src)));
      const dis = out(bpfc(opts(["-d"]), bytes));
      expect(encode(assemble(dis))).toEqual(bytes);
      // hex in, hex out
      const hex = out(bpfc(opts(["-x"]), text(src)));
      expect(out(bpfc(opts(["-d", "-x"]), text(hex)))).toBe(dis);
    }
    expect(out(bpfc(opts(["-c"]), text(KERNEL_EXAMPLE))).split("\n")[1]).toBe("{ 0x15,  0, 11, 0xc000003e },");
  });

  it("runs a syscall through a program: path and verdict", () => {
    const allowed = out(bpfc(opts(["-r", "openat(AT_FDCWD, 0, O_RDONLY|O_CLOEXEC)"]), text(HLUA_STYLE)));
    expect(allowed).toMatch(/^openat\(0xffffffffffffff9c, 0, 0x80000\) on x86_64: nr 257$/m);
    expect(allowed).toMatch(/^verdict: allow {2}\[ret 0x7fff0000\]/m);
    const denied = out(bpfc(opts(["-r", "openat(AT_FDCWD, 0, O_WRONLY)"]), text(HLUA_STYLE)));
    expect(denied).toMatch(/^verdict: kill-thread/m);
    expect(out(bpfc(opts(["-r", "2(0, 0)"]), text(KERNEL_EXAMPLE)))).toMatch(/^verdict: kill-thread/m);
    const bytes = encode(assemble(KERNEL_EXAMPLE));
    expect(out(bpfc(opts(["-b", "-r", "write(1, 0, 5)"]), bytes))).toMatch(/^verdict: allow/m);
  });

  it("refuses bad input with errors that name the place", () => {
    expect(() => bpfc(opts([]), text("ld [0]\nfoo #1\n"))).toThrow(/line 2, column 1: unknown mnemonic 'foo'/);
    expect(() => bpfc(opts(["-d"]), new Uint8Array(13))).toThrow(/not a multiple of 8/);
    expect(() => bpfc(opts(["-d", "-x"]), text("12 zz"))).toThrow(HexError);
    expect(() => bpfc(opts(["-r", "nosuch"]), text(KERNEL_EXAMPLE))).toThrow(SyscallCallError);
    expect(() => bpfc(opts(["-r", "read"]), text("ld [1]\nret #0\n"))).toThrow(BpfcRunError);
    expect(() => opts(["-c", "-d"])).toThrow(BpfcUsageError);
    expect(() => opts(["-a", "mips"])).toThrow(BpfcUsageError);
    expect(() => opts(["a", "b"])).toThrow(BpfcUsageError);
    expect(() => opts(["--nope"])).toThrow(BpfcUsageError);
  });

  it("takes -D constants and the machine's arch", () => {
    expect(decode(bpfc(opts(["-D", "LIMIT=0x10"]), text("ld #$LIMIT\nret a\n")).stdout as Uint8Array)[0]!.k).toBe(16);
    expect(machineArch("arm64")).toBe("aarch64");
    expect(opts(["-a", "aarch64"]).arch).toBe("aarch64");
  });
});

describe("bpfc's parts", () => {
  it("hex round-trips and ignores whitespace", () => {
    const b = encode(assemble(KERNEL_EXAMPLE));
    expect(fromHex(toHex(b))).toEqual(b);
    expect(fromHex(toHex(b, false))).toEqual(b);
    expect(() => fromHex("abc")).toThrow(/odd number/);
  });

  it("reads a syscall as a C call", () => {
    const c = parseSyscallCall("mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)", {
      arch: "x86_64",
    });
    expect(c.data.nr).toBe(9);
    expect(c.data.arch).toBe(AUDIT_ARCH.x86_64);
    expect(c.data.args[4]).toBe(0xffffffffffffffffn);
    expect(formatCall(c)).toBe("mmap(0, 0x1000, 3, 0x22, 0xffffffffffffffff)");
    expect(parseSyscallCall("getpid", { arch: "aarch64" }).data.nr).toBe(172);
    expect(parseSyscallCall("999", { arch: "x86_64" }).name).toBeUndefined();
    expect(() => parseSyscallCall("read(1,2,3,4,5,6,7)", { arch: "x86_64" })).toThrow(/at most 6/);
    expect(() => parseSyscallCall("read(1,,2)", { arch: "x86_64" })).toThrow(/argument 1 is empty/);
  });

  it("finds the path the interpreter takes", () => {
    const p = assemble(KERNEL_EXAMPLE);
    const write = { nr: 1, arch: AUDIT_ARCH.x86_64, instructionPointer: 0n, args: [0n, 0n, 0n, 0n, 0n, 0n] } as const;
    expect(tracePath(p, write)).toEqual({ path: [0, 1, 2, 3, 4, 5, 6, 7, 14], ret: SECCOMP_RET_ALLOW });
    expect(tracePath(p, { ...write, arch: 0 }).path).toEqual([0, 1, 13]);
    expect(verdictText(0x00050001)).toBe("errno EPERM (1)  [ret 0x00050001]");
  });
});
