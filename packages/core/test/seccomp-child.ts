// The differential tests' child: reads {program, calls} as JSON on stdin,
// confines its own main thread with the program (no_new_privs + seccomp, no
// TSYNC: Node's other threads stay free), then makes each call raw and prints
// one line per call: "<index> ok <ret>" or "<index> err <errno>". A call the
// filter kills ends the process by SIGSYS; the parent sees how far it got.
// Bundled by the test with esbuild (Node 20 cannot run TypeScript).
import { readFileSync, writeSync } from "node:fs";
import { libc } from "../src/ffi.js";
import { syscall6 } from "../src/raw-syscall.js";

interface Input {
  readonly program: string; // hex of the encoded sock_filter array
  readonly calls: readonly { readonly nr: number; readonly args: readonly string[] }[];
}

const input = JSON.parse(readFileSync(0, "utf8")) as Input;
const calls = input.calls.map((c) => ({ nr: c.nr, args: c.args.map((a) => BigInt(a)) }));
const c = libc();
const program = Buffer.from(input.program, "hex");
const fprog = Buffer.alloc(16);
fprog.writeUInt16LE(program.length / 8, 0);
fprog.writeBigUInt64LE(c.address(program), 8);
// Warm the raw binding before the filter: its first call loads koffi.
syscall6(39, []);
if (c.prctl(38, 1n, 0n, 0n, 0n) !== 0) throw new Error("PR_SET_NO_NEW_PRIVS failed");
const r = c.sysU32U32Ptr(317, 1, 0, fprog);
if (r !== 0) {
  writeSync(2, `seccomp failed: errno ${c.errno()}\n`);
  process.exit(3);
}
writeSync(1, "installed\n");
calls.forEach((call, i) => {
  const res = syscall6(call.nr, call.args);
  writeSync(1, res.ret === -1n ? `${i} err ${res.errno}\n` : `${i} ok ${res.ret}\n`);
});
writeSync(1, "end\n");
process.exit(0);
