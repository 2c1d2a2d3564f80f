#!/usr/bin/env node
// How wide is each host's seccomp filter, as the kernel sees it?
//
//   node tools/corpus/width.mjs [--json tools/corpus/data/width.json] [--list]
//
// For every host it asks the built launcher for its policy (--explain=json on
// a throwaway script), compiles the filter exactly as the launcher does
// (@hsandbox/core's policyFromJson + compileFilter; without the host's
// hot-syscall order, which changes instruction counts but never a decision),
// decodes the BPF program and runs every x86_64 syscall number through it.
// The syscall number and arch are concrete; the six arguments (and the
// instruction pointer) are unknowns: the walk follows both sides of every
// jump that tests them, and a number counts as allowed when some path ends in
// RET ALLOW *and* a concrete argument vector for that path, run through
// @hsandbox/bpf's interpreter (the kernel's semantics), really returns ALLOW.
// "always" = allowed with no test on the arguments on that path; "conditional"
// = allowed only for some argument values (e.g. socket(AF_UNIX, ...)).
//
// Needs the packages built (pnpm exec turbo run build).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forEveryHost, hostBin } from "../workspace.mjs";

const REPO = join(import.meta.dirname, "..", "..");
const bpf = await import(join(REPO, "packages", "bpf", "dist", "index.js"));
const core = await import(join(REPO, "packages", "core", "dist", "index.js"));

/** The throwaway script's extension per host: every host of the workspace (tools/workspace.mjs). */
export const HOSTS = forEveryHost("tools/corpus/width.mjs's script extensions", {
  hlua: "lua",
  hpython: "py",
  hnode: "js",
  hsh: "sh",
});
const ARCH = "x86_64";
const ALLOW = 0x7fff0000;
const ERRNO = 0x00050000;
const MAX_PATHS = 20000;

/** The policy the launcher would apply to a trivial script, as JSON. */
export function explainPolicy(host, extraFlags = []) {
  const dir = mkdtempSync(join(tmpdir(), "h-width-"));
  try {
    const script = join(dir, `x.${HOSTS[host]}`);
    writeFileSync(script, "\n");
    const r = spawnSync(process.execPath, [hostBin(host), ...extraFlags, "--explain=json", script], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${host} --explain=json failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The decoded BPF program the launcher installs for that policy. */
export function hostProgram(doc) {
  const policy = core.policyFromJson(doc);
  // Any non-zero address stands in for the launcher's pinned execve path pointer.
  return bpf.decode(core.compileFilter(policy, 0x5555_0000_1000n));
}

// ---- symbolic walk over classic BPF ----------------------------------------
const C = (v) => ({ c: v >>> 0 });
const isConst = (v) => v.c !== undefined;

function holds(value, con) {
  const a = (value & con.mask) >>> 0;
  let r;
  switch (con.op) {
    case 0x10: // JEQ
      r = a === con.k;
      break;
    case 0x20: // JGT
      r = a > con.k;
      break;
    case 0x30: // JGE
      r = a >= con.k;
      break;
    case 0x40: // JSET
      r = (a & con.k) >>> 0 !== 0;
      break;
    default:
      return false;
  }
  return r === con.truth;
}

/** A 32-bit value satisfying every constraint on one word, or undefined. */
function solveWord(cons) {
  let fixed = 0;
  let fixedMask = 0;
  for (const c of cons)
    if (c.op === 0x10 && c.truth) {
      fixed = (fixed | (c.k & c.mask)) >>> 0;
      fixedMask = (fixedMask | c.mask) >>> 0;
    }
  let v = fixed;
  for (const c of cons) if (c.op === 0x40 && !c.truth) v = (v & ~(c.mask & c.k)) >>> 0;
  for (const c of cons)
    if (c.op === 0x40 && c.truth && !holds(v, c)) {
      const bits = (c.mask & c.k & ~fixedMask) >>> 0 || (c.mask & c.k) >>> 0;
      v = (v | (bits & -bits)) >>> 0;
    }
  const candidates = [v, 0, 0xffffffff];
  for (const c of cons) candidates.push(c.k, (c.k + 1) >>> 0, (c.k - 1) >>> 0, (v | (c.k + 1)) >>> 0, ~c.k >>> 0);
  return candidates.find((x) => cons.every((c) => holds(x, c)));
}

/**
 * Every path of `program` for syscall `nr` that ends in ALLOW, with a
 * concrete witness. Returns { allowed, always, witness, unsupported }.
 */
export function allowPaths(program, nr) {
  const arch = bpf.AUDIT_ARCH[ARCH];
  const out = { allowed: false, always: false, witness: undefined, unsupported: false, paths: 0 };
  const stack = [{ pc: 0, a: C(0), x: C(0), mem: new Array(16).fill(C(0)), cons: [] }];
  while (stack.length > 0) {
    if (++out.paths > MAX_PATHS) {
      out.unsupported = true;
      break;
    }
    let s = stack.pop();
    for (;;) {
      const { code, jt, jf, k } = program[s.pc];
      const cls = code & 0x07;
      if (code === 0x20) {
        // ld [k]
        const w = k >>> 2;
        s.a = w === 0 ? C(nr) : w === 1 ? C(arch) : { w, mask: 0xffffffff };
      } else if (code === 0x00) s.a = C(k);
      else if (code === 0x01) s.x = C(k);
      else if (code === 0x60) s.a = s.mem[k];
      else if (code === 0x61) s.x = s.mem[k];
      else if (code === 0x02) {
        s.mem = s.mem.slice();
        s.mem[k] = s.a;
      } else if (code === 0x03) {
        s.mem = s.mem.slice();
        s.mem[k] = s.x;
      } else if (code === 0x07) s.x = s.a;
      else if (code === 0x87) s.a = s.x;
      else if (code === 0x06) {
        // ret k
        if ((k & 0xffff0000) >>> 0 === ALLOW) tryWitness(program, nr, arch, s.cons, out);
        else if ((k & 0xffff0000) >>> 0 === ERRNO) out.errno = true;
        break;
      } else if (code === 0x16) {
        if (isConst(s.a) && (s.a.c & 0xffff0000) >>> 0 === ALLOW) tryWitness(program, nr, arch, s.cons, out);
        else if (!isConst(s.a)) out.unsupported = true;
        break;
      } else if (code === 0x05) {
        s.pc += 1 + k;
        continue;
      } else if (cls === 0x04) {
        // alu
        const operand = code & 0x08 ? s.x : C(k);
        if (isConst(s.a) && isConst(operand)) {
          s.a = C(aluConst(code & 0xf0, s.a.c, operand.c));
        } else if ((code & 0xf0) === 0x50 && isConst(operand)) {
          s.a = { w: s.a.w, mask: (s.a.mask & operand.c) >>> 0 };
        } else {
          out.unsupported = true;
          break;
        }
      } else if (cls === 0x05) {
        const op = code & 0xf0;
        const operand = code & 0x08 ? s.x : C(k);
        if (!isConst(operand)) {
          out.unsupported = true;
          break;
        }
        if (isConst(s.a)) {
          const t = holds(s.a.c, { op, k: operand.c, mask: 0xffffffff, truth: true });
          s.pc += 1 + (t ? jt : jf);
          continue;
        }
        const base = { w: s.a.w, mask: s.a.mask, op, k: operand.c };
        const no = { ...s, pc: s.pc + 1 + jf, cons: [...s.cons, { ...base, truth: false }] };
        stack.push(no);
        s = { ...s, pc: s.pc + 1 + jt, cons: [...s.cons, { ...base, truth: true }] };
        continue;
      } else {
        out.unsupported = true;
        break;
      }
      s.pc++;
    }
  }
  return out;
}

function aluConst(op, a, b) {
  switch (op) {
    case 0x00:
      return a + b;
    case 0x10:
      return a - b;
    case 0x20:
      return Math.imul(a, b);
    case 0x30:
      return b === 0 ? 0 : Math.floor(a / b);
    case 0x40:
      return a | b;
    case 0x50:
      return a & b;
    case 0x60:
      return b >= 32 ? 0 : a << b;
    case 0x70:
      return b >= 32 ? 0 : a >>> b;
    case 0x80:
      return -a;
    case 0x90:
      return b === 0 ? 0 : a % b;
    case 0xa0:
      return a ^ b;
    default:
      return 0;
  }
}

function tryWitness(program, nr, arch, cons, out) {
  const words = new Array(16).fill(0);
  const byWord = new Map();
  for (const c of cons) byWord.set(c.w, [...(byWord.get(c.w) ?? []), c]);
  for (const [w, list] of byWord) {
    const v = solveWord(list);
    if (v === undefined) return; // infeasible path
    words[w] = v;
  }
  const u64 = (lo, hi) => (BigInt(hi) << 32n) | BigInt(lo);
  const data = {
    nr,
    arch,
    instructionPointer: u64(words[2], words[3]),
    args: [0, 1, 2, 3, 4, 5].map((i) => u64(words[4 + 2 * i], words[5 + 2 * i])),
  };
  if ((bpf.run(program, data) & 0xffff0000) >>> 0 !== ALLOW) return;
  out.allowed = true;
  if (cons.length === 0) out.always = true;
  out.witness ??= data.args.map((a) => `0x${a.toString(16)}`);
}

/** Width of one host: every x86_64 syscall the filter can allow. */
export function width(host) {
  const doc = explainPolicy(host);
  const program = hostProgram(doc);
  const names = bpf.syscallNames(ARCH);
  const always = [];
  const conditional = [];
  const unsupported = [];
  const answered = [];
  for (const name of names) {
    const nr = bpf.syscallNumber(ARCH, name);
    const r = allowPaths(program, nr);
    if (r.unsupported) unsupported.push(name);
    if (r.always) always.push(name);
    else if (r.allowed) conditional.push(name);
    else if (r.errno) answered.push(name);
  }
  // The x32 ABI (nr | 0x40000000) must never pass.
  const x32 = names.filter((n) => allowPaths(program, bpf.syscallNumber(ARCH, n) | bpf.X32_SYSCALL_BIT).allowed);
  return {
    host,
    instructions: program.length,
    promises: doc.policy.seccomp.promises,
    allowed: always.length + conditional.length,
    always: always.sort(),
    conditional: conditional.sort(),
    errnoOnly: answered.sort(),
    x32Allowed: x32,
    unsupported,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const jsonAt = argv.indexOf("--json");
  const results = Object.keys(HOSTS).map(width);
  for (const r of results) {
    console.log(
      `${r.host.padEnd(8)} ${String(r.allowed).padStart(4)} syscalls can be allowed (${r.always.length} always, ${r.conditional.length} only for some arguments); ${r.errnoOnly.length} more answered with an errno, never allowed; ${r.instructions} BPF instructions${r.x32Allowed.length ? `; x32 allowed: ${r.x32Allowed.join(" ")}` : ""}${r.unsupported.length ? `; walk incomplete for ${r.unsupported.join(" ")}` : ""}`,
    );
    if (argv.includes("--list"))
      console.log(
        `  always: ${r.always.join(" ")}\n  conditional: ${r.conditional.join(" ")}\n  errno only: ${r.errnoOnly.join(" ")}`,
      );
  }
  if (jsonAt >= 0) {
    const file = argv[jsonAt + 1];
    const doc = {
      regenerate: "node tools/corpus/width.mjs --json tools/corpus/data/width.json",
      arch: ARCH,
      hosts: Object.fromEntries(results.map((r) => [r.host, r])),
    };
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
