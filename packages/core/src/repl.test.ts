import { evaluate, killProcess, type Rule } from "@hsandbox/bpf";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "./cli.js";
import { UsageError } from "./errors.js";
import { sessionKind, TERMINAL_DENIED, terminalEnv, terminalRules, validTerm } from "./repl.js";

describe("sessionKind", () => {
  const kind = (argv: string[], tty: boolean) => sessionKind(parseCommandLine(argv), tty);
  it("a script is a script run", () => expect(kind(["s.lua", "a"], true)).toBe("script"));
  it("no script: a prompt on a terminal, stdin otherwise", () => {
    expect(kind([], true)).toBe("repl");
    expect(kind([], false)).toBe("stdin");
    expect(kind(["-i"], false)).toBe("repl");
    expect(kind(["-", "a"], true)).toBe("stdin");
  });
  it("-i with a script or '-' is refused", () => {
    expect(() => kind(["-i", "s.lua"], true)).toThrow(UsageError);
    expect(() => kind(["-i", "-"], true)).toThrow(UsageError);
  });
});

describe("validTerm", () => {
  it.each(["xterm-256color", "screen.xterm-256color", "tmux-256color", "vt100", "linux"])("accepts %s", (t) =>
    expect(validTerm(t)).toBe(true));
  it.each([
    undefined,
    "",
    "../../etc/passwd",
    "a/b",
    ".hidden",
    "x".repeat(65),
    "bad term",
    "é",
  ])("refuses %j (it becomes a file name beneath a terminfo dir)", (t) => expect(validTerm(t)).toBe(false));
});

describe("terminalEnv", () => {
  it("passes a checked TERM, COLUMNS and LINES and nothing else", () => {
    const env = terminalEnv({ TERM: "xterm", COLUMNS: "80", LINES: "0", HOME: "/root", SECRET: "x" });
    expect(env.TERM).toBe("xterm");
    expect(env.COLUMNS).toBe("80");
    expect(env.LINES).toBeUndefined();
    expect(Object.keys(env).sort()).toEqual(expect.arrayContaining(["COLUMNS", "TERM"]));
    expect(env).not.toHaveProperty("HOME");
    expect(env).not.toHaveProperty("SECRET");
    expect(terminalEnv({ TERM: "../x" }).TERM).toBeUndefined();
  });
});

describe("terminalRules", () => {
  // ioctl(0, REQUEST, 0) through the rules alone, default kill.
  const ioctlNr = 16;
  const verdict = (rules: Rule[], request: bigint) =>
    evaluate(
      rules,
      killProcess,
      { nr: ioctlNr, arch: 0xc000003e, instructionPointer: 0n, args: [0n, request, 1n, 0n, 0n, 0n] },
      "x86_64",
    );
  const rules = terminalRules(killProcess);
  it("never allows typing into or taking over the terminal", () => {
    // TIOCSTI 0x5412, TIOCLINUX 0x541c, TIOCSCTTY 0x540e, TIOCCONS 0x541d
    for (const req of [0x5412n, 0x541cn, 0x540en, 0x541dn]) expect(verdict(rules, req).kind).toBe("kill-process");
    expect(TERMINAL_DENIED).toContain("TIOCSTI");
  });
  it("allows line editing and answers foreground-group changes with EPERM", () => {
    expect(verdict(rules, 0x5401n).kind).toBe("allow"); // TCGETS
    expect(verdict(rules, 0x5403n).kind).toBe("allow"); // TCSETSW
    expect(verdict(rules, 0x5410n)).toEqual({ kind: "errno", errno: 1 }); // TIOCSPGRP
  });
  it("compares the whole 64-bit request: junk in the upper half is not TCGETS", () => {
    expect(verdict(rules, (1n << 32n) | 0x5401n).kind).toBe("kill-process");
  });
});
