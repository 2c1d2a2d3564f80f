#!/usr/bin/env node
// paths: the files and directories an interpreter needs to start, one per
// line, ready for landlockc — the program, its loader and libraries (found
// as ld.so finds them, without running it), Python's runtime directories
// (asked from the interpreter), and libraries named as `-lNAME`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { ClosureError, closureFiles, libraryClosure } from "../closure.js";
import { ElfError, isElfFile, readElfHeader } from "../elf.js";
import { cacheFlagsMatcher, LdCacheError, parseLdCache } from "../ldcache.js";
import { lookupLibraryName } from "./libname.js";
import { isPython, PYTHON_QUERY, parsePythonDirs } from "./python-runtime.js";
import { which } from "./which.js";

const USAGE = `usage: paths [OPTION]... [PROGRAM]...

Print what each PROGRAM needs to start, one real path per line: the program,
its dynamic loader, its libraries (found as ld.so finds them, from the ELF
files and /etc/ld.so.cache, without running anything), and for Python its
runtime directories: the standard library, lib-dynload and site-packages
(asked from the interpreter with -I -S). PROGRAM is a path, or a name: the
first ELF file of that name on $PATH (wrapper scripts such as pyenv's shims
are passed over).
The output feeds landlockc:  paths python3 | landlockc --abi 4

options:
  -l, --lib NAME      also the library -lNAME names, resolved through
                      /etc/ld.so.cache as the link editor would (libNAME.so,
                      else the newest libNAME.so.N)
  -p, --python-site   only Python's runtime directories (stdlib, lib-dynload,
                      site-packages), not its ELF files
  -w, --why           add why each path is needed, as a "# why" comment
                      (landlockc keeps it as the rule's reason)
  -h, --help          show this help and exit

exit status: 0; 1 if a program or library cannot be found (one line on stderr).`;

class PathsError extends Error {}

interface Entry {
  readonly path: string;
  readonly why: string;
}

function programEntries(program: string, pythonOnly: boolean): Entry[] {
  const found = which(program, process.env.PATH, isElfFile);
  if (found === null || !existsSync(found)) throw new PathsError(`${program}: not found`);
  const out: Entry[] = [];
  if (!pythonOnly) {
    const c = libraryClosure(found);
    if (c.missing.length > 0) throw new PathsError(`${program}: libraries not found: ${c.missing.join(", ")}`);
    const why = new Map<string, string>([[c.binaryRealPath, "program"]]);
    if (c.interpreterRealPath) why.set(c.interpreterRealPath, "dynamic loader");
    for (const l of c.libraries) if (!why.has(l.realPath)) why.set(l.realPath, `library ${l.soname}`);
    for (const f of closureFiles(c)) out.push({ path: f, why: why.get(f) ?? "the loader's library index" });
  }
  const name = realpathSync(found).split("/").pop() ?? "";
  if (isPython(name) || isPython(program.split("/").pop() ?? "")) {
    const r = spawnSync(found, ["-I", "-S", "-c", PYTHON_QUERY], { encoding: "utf8", timeout: 30_000 });
    if (r.status !== 0) throw new PathsError(`${program}: the runtime query failed: ${r.stderr.split("\n")[0] ?? ""}`);
    const isDir = (d: string) => {
      try {
        return statSync(d).isDirectory();
      } catch {
        return false;
      }
    };
    const dirs = parsePythonDirs(r.stdout, isDir);
    for (const d of dirs.stdlib) out.push({ path: realpathSync(d), why: "Python standard library" });
    for (const d of dirs.dynload) out.push({ path: realpathSync(d), why: "Python extension modules (lib-dynload)" });
    for (const d of dirs.sitePackages) out.push({ path: realpathSync(d), why: "Python site-packages" });
  } else if (pythonOnly) {
    throw new PathsError(`${program}: -p wants a Python interpreter`);
  }
  return out;
}

function libEntry(name: string): Entry {
  let cache: ReturnType<typeof parseLdCache>;
  try {
    cache = parseLdCache(readFileSync("/etc/ld.so.cache"));
  } catch (e) {
    throw new PathsError(`/etc/ld.so.cache: ${e instanceof LdCacheError ? e.message : "cannot be read"}`);
  }
  // Libraries for this machine's ABI: the flags ld.so accepts for node's own ELF class and machine.
  const accept = cacheFlagsMatcher(readElfHeader(readFileSync(process.execPath)));
  if (accept === null) throw new PathsError("-l: this machine's ELF kind has no ld.so.cache flags we know");
  const e = lookupLibraryName(cache, name, accept);
  if (e === null) throw new PathsError(`-l${name}: no lib${name}.so in /etc/ld.so.cache`);
  return { path: realpathSync(e.value), why: `-l${name} (${e.key})` };
}

function main(argv: readonly string[]): number {
  let v: { lib?: string[]; "python-site"?: boolean; why?: boolean; help?: boolean };
  let programs: string[];
  try {
    const p = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        lib: { type: "string", short: "l", multiple: true },
        "python-site": { type: "boolean", short: "p" },
        why: { type: "boolean", short: "w" },
        help: { type: "boolean", short: "h" },
      },
    });
    v = p.values;
    programs = p.positionals;
  } catch (e) {
    process.stderr.write(`paths: ${((e as Error).message.split("\n")[0] ?? "").split(". ")[0]}\n`);
    return 1;
  }
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (programs.length === 0 && (v.lib ?? []).length === 0) {
    process.stderr.write("paths: name a PROGRAM or -lNAME (see -h)\n");
    return 1;
  }
  try {
    const entries = [
      ...programs.flatMap((p) => programEntries(p, v["python-site"] === true)),
      ...(v.lib ?? []).map(libEntry),
    ];
    const seen = new Set<string>();
    for (const e of entries) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      process.stdout.write(v.why ? `${e.path}  # ${e.why}\n` : `${e.path}\n`);
    }
    return 0;
  } catch (e) {
    const known = e instanceof PathsError || e instanceof ClosureError || e instanceof ElfError;
    process.stderr.write(`paths: ${known ? (e as Error).message : `internal error: ${(e as Error).message}`}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
