#!/usr/bin/env node
// Regenerates packages/bpf/src/syscalls/{x86_64,aarch64}.ts from Debian's kernel
// headers (package linux-libc-dev):
//
//   x86_64   /usr/include/x86_64-linux-gnu/asm/unistd_64.h   (a flat list of #defines)
//   aarch64  /usr/include/asm-generic/unistd.h                (evaluated with the defines
//            that arm64's uapi asm/unistd.h sets before including it)
//
// Debian 12 ships Linux 6.1 headers. Syscalls added later are listed by hand in
// LATER_SYSCALLS below, each with the kernel release that added it; when the
// headers already know a name, its number must agree (else the generator fails).
//
// Usage:  node tools/gen-syscall-tables.mjs           write the two files
//         node tools/gen-syscall-tables.mjs --check   exit 1 if they are stale
//
// Everything except main() is pure, so the unit tests import `generate` directly.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const HEADER_PATHS = Object.freeze({
  x86_64: "/usr/include/x86_64-linux-gnu/asm/unistd_64.h",
  generic: "/usr/include/asm-generic/unistd.h",
  version: "/usr/include/linux/version.h",
});

/**
 * What arch/arm64/include/uapi/asm/unistd.h defines before including
 * asm-generic/unistd.h (Linux 5.14 .. 6.10; from 6.11 arm64 generates the same
 * table from scripts/syscall.tbl with the ABIs "renameat newstat rlimit
 * memfd_secret", which yields the same set). __BITS_PER_LONG is 64 on arm64
 * (asm/bitsperlong.h); __SYSCALL_COMPAT is only for the 32-bit compat table.
 */
export const ARM64_DEFINES = Object.freeze({
  __BITS_PER_LONG: "64",
  __ARCH_WANT_RENAMEAT: "",
  __ARCH_WANT_NEW_STAT: "",
  __ARCH_WANT_SET_GET_RLIMIT: "",
  __ARCH_WANT_TIME32_SYSCALLS: "",
  __ARCH_WANT_SYS_CLONE3: "",
  __ARCH_WANT_MEMFD_SECRET: "",
});

/**
 * Syscalls newer than the 6.1 headers. Numbers from the kernel's
 * arch/x86/entry/syscalls/syscall_64.tbl and scripts/syscall.tbl
 * (include/uapi/asm-generic/unistd.h); x86_64 and the generic table share
 * numbers from 424 on. `arches` lists where the number is wired up.
 * Note: map_shadow_stack is in the generic table too (sys_ni_syscall on arm64
 * until arm64 GCS support in 6.13), so it has a number on both.
 */
export const LATER_SYSCALLS = Object.freeze([
  { name: "uretprobe", nr: 335, since: "6.11", arches: ["x86_64"] },
  { name: "uprobe", nr: 336, since: "6.16", arches: ["x86_64"] },
  { name: "cachestat", nr: 451, since: "6.5", arches: ["x86_64", "aarch64"] },
  { name: "fchmodat2", nr: 452, since: "6.6", arches: ["x86_64", "aarch64"] },
  { name: "map_shadow_stack", nr: 453, since: "6.6", arches: ["x86_64", "aarch64"] },
  { name: "futex_wake", nr: 454, since: "6.7", arches: ["x86_64", "aarch64"] },
  { name: "futex_wait", nr: 455, since: "6.7", arches: ["x86_64", "aarch64"] },
  { name: "futex_requeue", nr: 456, since: "6.7", arches: ["x86_64", "aarch64"] },
  { name: "statmount", nr: 457, since: "6.8", arches: ["x86_64", "aarch64"] },
  { name: "listmount", nr: 458, since: "6.8", arches: ["x86_64", "aarch64"] },
  { name: "lsm_get_self_attr", nr: 459, since: "6.8", arches: ["x86_64", "aarch64"] },
  { name: "lsm_set_self_attr", nr: 460, since: "6.8", arches: ["x86_64", "aarch64"] },
  { name: "lsm_list_modules", nr: 461, since: "6.8", arches: ["x86_64", "aarch64"] },
  { name: "mseal", nr: 462, since: "6.10", arches: ["x86_64", "aarch64"] },
  { name: "setxattrat", nr: 463, since: "6.13", arches: ["x86_64", "aarch64"] },
  { name: "getxattrat", nr: 464, since: "6.13", arches: ["x86_64", "aarch64"] },
  { name: "listxattrat", nr: 465, since: "6.13", arches: ["x86_64", "aarch64"] },
  { name: "removexattrat", nr: 466, since: "6.13", arches: ["x86_64", "aarch64"] },
  { name: "open_tree_attr", nr: 467, since: "6.15", arches: ["x86_64", "aarch64"] },
  { name: "file_getattr", nr: 468, since: "6.17", arches: ["x86_64", "aarch64"] },
  { name: "file_setattr", nr: 469, since: "6.17", arches: ["x86_64", "aarch64"] },
]);

/** Joins backslash-continued lines and strips C comments. */
function logicalLines(text) {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, "");
  return noComments.replace(/\\\r?\n/g, " ").split(/\r?\n/);
}

/** x86_64: unistd_64.h is a flat list of `#define __NR_name nr`. */
export function parseX86_64(text) {
  const table = new Map();
  for (const line of logicalLines(text)) {
    const m = /^\s*#\s*define\s+__NR_(\w+)\s+(\d+)\s*$/.exec(line);
    if (m) addEntry(table, m[1], Number(m[2]), "unistd_64.h");
  }
  return table;
}

function addEntry(table, name, nr, where) {
  const old = table.get(name);
  if (old !== undefined && old !== nr) throw new Error(`${where}: ${name} is both ${old} and ${nr}`);
  table.set(name, nr);
}

// --- a small C preprocessor, enough for asm-generic/unistd.h ---------------

function tokenize(expr) {
  const tokens = [];
  const re = /\s*(defined|[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|\|\||&&|==|!=|<=|>=|[()!<>+-])/y;
  let pos = 0;
  while (pos < expr.length) {
    if (/^\s*$/.test(expr.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(expr);
    if (!m) throw new Error(`cannot parse #if expression: ${expr}`);
    tokens.push(m[1]);
    pos = re.lastIndex;
  }
  return tokens;
}

/** Evaluates a #if expression; undefined identifiers are 0, as in C. */
function evalCondition(expr, macros) {
  const t = tokenize(expr);
  let i = 0;
  const peek = () => t[i];
  const next = () => t[i++];
  const value = (name, depth = 0) => {
    if (!macros.has(name) || depth > 20) return 0;
    const body = macros.get(name).trim();
    if (body === "") return 0;
    if (/^(0[xX][0-9a-fA-F]+|\d+)$/.test(body)) return Number(body);
    if (/^[A-Za-z_]\w*$/.test(body)) return value(body, depth + 1);
    return evalCondition(body, macros);
  };
  const primary = () => {
    const tok = next();
    if (tok === "(") {
      const v = or();
      if (next() !== ")") throw new Error(`missing ) in: ${expr}`);
      return v;
    }
    if (tok === "!") return primary() ? 0 : 1;
    if (tok === "-") return -primary();
    if (tok === "defined") {
      const paren = peek() === "(";
      if (paren) next();
      const name = next();
      if (paren && next() !== ")") throw new Error(`missing ) after defined in: ${expr}`);
      return macros.has(name) ? 1 : 0;
    }
    if (tok !== undefined && /^(0[xX][0-9a-fA-F]+|\d+)$/.test(tok)) return Number(tok);
    if (tok !== undefined && /^[A-Za-z_]\w*$/.test(tok)) return value(tok);
    throw new Error(`unexpected token ${tok} in: ${expr}`);
  };
  const additive = () => {
    let v = primary();
    while (peek() === "+" || peek() === "-") v = next() === "+" ? v + primary() : v - primary();
    return v;
  };
  const relational = () => {
    let v = additive();
    while (["<", ">", "<=", ">="].includes(peek())) {
      const op = next();
      const r = additive();
      v = Number(op === "<" ? v < r : op === ">" ? v > r : op === "<=" ? v <= r : v >= r);
    }
    return v;
  };
  const equality = () => {
    let v = relational();
    while (peek() === "==" || peek() === "!=") {
      const op = next();
      const r = relational();
      v = Number(op === "==" ? v === r : v !== r);
    }
    return v;
  };
  const and = () => {
    let v = equality();
    while (peek() === "&&") {
      next();
      const r = equality();
      v = Number(Boolean(v) && Boolean(r));
    }
    return v;
  };
  const or = () => {
    let v = and();
    while (peek() === "||") {
      next();
      const r = and();
      v = Number(Boolean(v) || Boolean(r));
    }
    return v;
  };
  const result = or();
  if (i !== t.length) throw new Error(`trailing tokens in: ${expr}`);
  return result !== 0;
}

/**
 * Runs the preprocessor over `text` with `predefined` macros and returns every
 * macro defined at the end (name -> body). #include lines are ignored.
 */
export function preprocess(text, predefined) {
  const macros = new Map(Object.entries(predefined));
  // Each frame: is this branch active, was any branch of this #if taken, is the parent active.
  const stack = [];
  const active = () => stack.every((f) => f.active);
  for (const raw of logicalLines(text)) {
    const m = /^\s*#\s*(\w+)\s*(.*?)\s*$/.exec(raw);
    if (!m) continue;
    const [, directive, rest] = m;
    switch (directive) {
      case "ifdef":
      case "ifndef":
      case "if": {
        const parent = active();
        let cond = false;
        if (parent) {
          if (directive === "ifdef") cond = macros.has(rest);
          else if (directive === "ifndef") cond = !macros.has(rest);
          else cond = evalCondition(rest, macros);
        }
        stack.push({ active: parent && cond, taken: parent && cond, parent });
        break;
      }
      case "elif": {
        const f = stack.at(-1);
        if (!f) throw new Error("#elif without #if");
        const cond = f.parent && !f.taken && evalCondition(rest, macros);
        f.active = cond;
        f.taken ||= cond;
        break;
      }
      case "else": {
        const f = stack.at(-1);
        if (!f) throw new Error("#else without #if");
        f.active = f.parent && !f.taken;
        f.taken = true;
        break;
      }
      case "endif":
        if (!stack.pop()) throw new Error("#endif without #if");
        break;
      case "define":
        if (active()) {
          const d = /^(\w+)(\([^)]*\))?\s*(.*)$/.exec(rest);
          if (!d) throw new Error(`bad #define: ${rest}`);
          // Function-like macros (__SYSCALL, __SC_3264, ...) are recorded but never expanded.
          macros.set(d[1], d[2] ? `(fn)${d[3]}` : d[3]);
        }
        break;
      case "undef":
        if (active()) macros.delete(rest);
        break;
      case "include":
      case "error":
      case "warning":
      case "pragma":
        break;
      default:
        throw new Error(`unknown directive #${directive}`);
    }
  }
  if (stack.length !== 0) throw new Error("unterminated #if");
  return macros;
}

/** Names in the generic header that are not syscalls. */
const NOT_SYSCALLS = new Set(["syscalls", "arch_specific_syscall"]);

/** aarch64: asm-generic/unistd.h evaluated with arm64's defines. */
export function parseGeneric(text, defines = ARM64_DEFINES) {
  const macros = preprocess(text, defines);
  const resolve = (body, depth = 0) => {
    const b = body.trim();
    if (/^\d+$/.test(b)) return Number(b);
    if (/^\w+$/.test(b) && macros.has(b) && depth < 10) return resolve(macros.get(b), depth + 1);
    return undefined;
  };
  const table = new Map();
  for (const [macro, body] of macros) {
    if (!macro.startsWith("__NR_")) continue;
    const name = macro.slice("__NR_".length);
    if (NOT_SYSCALLS.has(name)) continue;
    const nr = resolve(body);
    if (nr === undefined) throw new Error(`asm-generic/unistd.h: cannot resolve ${macro} = ${body}`);
    addEntry(table, name, nr, "asm-generic/unistd.h");
  }
  return table;
}

/** "6.1" from linux/version.h, or undefined. */
export function headerVersion(text) {
  if (!text) return undefined;
  const major = /#define\s+LINUX_VERSION_MAJOR\s+(\d+)/.exec(text);
  const minor = /#define\s+LINUX_VERSION_PATCHLEVEL\s+(\d+)/.exec(text);
  if (major && minor) return `${major[1]}.${minor[1]}`;
  const code = /#define\s+LINUX_VERSION_CODE\s+(\d+)/.exec(text);
  if (code) return `${Number(code[1]) >> 16}.${(Number(code[1]) >> 8) & 0xff}`;
  return undefined;
}

function addLater(table, arch) {
  const since = new Map();
  for (const s of LATER_SYSCALLS) {
    if (!s.arches.includes(arch)) continue;
    const old = table.get(s.name);
    if (old !== undefined) {
      if (old !== s.nr) throw new Error(`${arch}: headers say ${s.name} is ${old}, LATER_SYSCALLS says ${s.nr}`);
      continue; // the headers already know it
    }
    for (const [n, nr] of table) {
      if (nr === s.nr) throw new Error(`${arch}: ${s.name} ${s.nr} collides with ${n}`);
    }
    table.set(s.name, s.nr);
    since.set(s.name, s.since);
  }
  return since;
}

function render(arch, constName, typeName, table, since, source, version) {
  const entries = [...table].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const lines = [
    "// generated by tools/gen-syscall-tables.mjs, do not edit.",
    `// ${arch} syscall numbers from ${source}${version ? ` (Linux ${version} headers)` : ""},`,
    "// plus the later syscalls listed in the generator (see *_SINCE).",
    "",
    // `as const` keeps every name as a literal key, so ${typeName} below is the
    // union of the names and a misspelt syscall in code fails to compile.
    `/** ${arch} syscall name -> number. */`,
    `export const ${constName} = Object.freeze({`,
    ...entries.map(([name, nr]) => `  ${name}: ${nr},`),
    "} as const);",
    "",
    `/** Every syscall name ${arch} has a number for. */`,
    `export type ${typeName} = keyof typeof ${constName};`,
    "",
    `/** Syscalls newer than the headers the table was generated from -> kernel release that added them. */`,
    `export const ${constName}_SINCE: Readonly<Partial<Record<${typeName}, string>>> = Object.freeze({`,
    ...[...since].sort((a, b) => (table.get(a[0]) ?? 0) - (table.get(b[0]) ?? 0)).map(([n, v]) => `  ${n}: "${v}",`),
    "});",
    "",
  ];
  return lines.join("\n");
}

/**
 * Pure: header texts in, file contents out.
 * @param {{ x86_64: string, generic: string, version?: string }} headers
 * @returns {{ "x86_64.ts": string, "aarch64.ts": string }}
 */
export function generate(headers) {
  const version = headerVersion(headers.version);
  const x86 = parseX86_64(headers.x86_64);
  const x86Since = addLater(x86, "x86_64");
  const arm = parseGeneric(headers.generic);
  const armSince = addLater(arm, "aarch64");
  return {
    "x86_64.ts": render("x86_64", "X86_64_SYSCALLS", "X86_64SyscallName", x86, x86Since, "asm/unistd_64.h", version),
    "aarch64.ts": render(
      "aarch64",
      "AARCH64_SYSCALLS",
      "AArch64SyscallName",
      arm,
      armSince,
      "asm-generic/unistd.h",
      version,
    ),
  };
}

export function readHeaders(paths = HEADER_PATHS) {
  let version;
  try {
    version = readFileSync(paths.version, "utf8");
  } catch {
    version = undefined;
  }
  return {
    x86_64: readFileSync(paths.x86_64, "utf8"),
    generic: readFileSync(paths.generic, "utf8"),
    version,
  };
}

export const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "bpf", "src", "syscalls");

function main(argv) {
  const check = argv.includes("--check");
  const files = generate(readHeaders());
  let stale = false;
  for (const [name, content] of Object.entries(files)) {
    const path = join(OUT_DIR, name);
    if (check) {
      let old = "";
      try {
        old = readFileSync(path, "utf8");
      } catch {
        // missing counts as stale
      }
      if (old !== content) {
        console.error(`stale: ${path}`);
        stale = true;
      }
    } else {
      writeFileSync(path, content);
      console.log(`wrote ${path}`);
    }
  }
  if (stale) process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
