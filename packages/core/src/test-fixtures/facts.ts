// Facts written by hand, as discover.ts would find them on a small machine:
// planner tests need no kernel, no interpreter and no file.
import { kernelAbiFromVersion } from "@hsandbox/landlock";
import type { Facts } from "../facts.js";
import type { PathKinds } from "../plan/grants.js";

export const SCRIPT = { path: "/home/u/prog.awk", real: "/home/u/prog.awk", dir: "/home/u" };

/** Every path the fixture hosts grant, as files (and /home/u, /tmp as directories). */
export const KINDS: PathKinds = {
  "/usr/bin/gawk": "file",
  "/lib64/ld-linux-x86-64.so.2": "file",
  "/lib/x86_64-linux-gnu/libc.so.6": "file",
  "/etc/ld.so.cache": "file",
  "/pkg/lib/hawk.awk": "file",
  "/home/u/prog.awk": "file",
  "/home/u": "dir",
  "/tmp": "dir",
  "/etc/localtime": "file",
  "/usr/share/terminfo/x/xterm": "file",
  "/home/u/.hawk_history": "file",
};

export function facts(over: Partial<Facts> = {}): Facts {
  return {
    packageDir: "/pkg",
    landlockAbi: kernelAbiFromVersion(6),
    uid: 1000,
    euid: 1000,
    environ: { TERM: "xterm", TMPDIR: "/tmp", HOME: "/home/u" },
    stdinIsTty: false,
    script: SCRIPT,
    interpreter: "/usr/bin/gawk",
    closure: {
      interpreter: "/lib64/ld-linux-x86-64.so.2",
      libraries: [{ realPath: "/lib/x86_64-linux-gnu/libc.so.6", soname: "libc.so.6" }],
    },
    terminalGrants: [
      { path: "/usr/share/terminfo/x/xterm", rights: ["read"], reason: "terminal: the terminfo entry for TERM=xterm" },
      { path: "/etc/inputrc", rights: ["read"], reason: "terminal: readline's key bindings (INPUTRC)", optional: true },
    ],
    inputrc: false,
    pathKinds: KINDS,
    ...over,
  };
}
