#!/usr/bin/env node
// poor-ldd: print a program's library closure in ldd's layout, computed by
// reading ELF files and /etc/ld.so.cache — without running the program or
// its loader (ldd runs ld.so with LD_TRACE_LOADED_OBJECTS, which executes
// code from the binary's dependencies).
import { ClosureError, formatLddLines, libraryClosure } from "./closure.js";
import { ElfError } from "./elf.js";

const USAGE = "usage: poor-ldd FILE...";

function main(argv: readonly string[]): number {
  if (argv.length === 0 || argv.includes("-h") || argv.includes("--help")) {
    process.stderr.write(`${USAGE}\n`);
    return argv.length === 0 ? 1 : 0;
  }
  let status = 0;
  for (const file of argv) {
    if (argv.length > 1) process.stdout.write(`${file}:\n`);
    try {
      process.stdout.write(`${formatLddLines(libraryClosure(file)).join("\n")}\n`);
    } catch (e) {
      if (e instanceof ClosureError || e instanceof ElfError) {
        process.stderr.write(`poor-ldd: ${e.message}\n`);
        status = 1;
        continue;
      }
      process.stderr.write(`poor-ldd: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
  }
  return status;
}

process.exitCode = main(process.argv.slice(2));
