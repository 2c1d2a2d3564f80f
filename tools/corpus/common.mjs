// What trace.mjs and measure.mjs share: argument parsing, scratch dirs, env.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPORA, CORPUS_DIR, INTERPRETERS } from "./corpora.mjs";

export function parseArgs(argv, usage) {
  const o = { host: undefined, only: undefined, timeoutScale: 1 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--host") o.host = argv[++i];
    else if (argv[i] === "--only") o.only = argv[++i];
    else if (argv[i] === "--timeout-scale") o.timeoutScale = Number(argv[++i]);
    else {
      console.error(usage);
      process.exit(2);
    }
  }
  if (!o.host || !CORPORA[o.host]) {
    console.error(`${usage}\nhosts: ${Object.keys(CORPORA).join(" ")}`);
    process.exit(2);
  }
  return o;
}

export function selected(host, only) {
  return CORPORA[host].filter((w) => !only || w.name === only || w.name.startsWith(only));
}

/** A fresh scratch directory for one run: cwd (a few files in it) and a TMPDIR. */
export function scratch(host, name) {
  const base = join(CORPUS_DIR, "run", host);
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, `${name.replace(/[^A-Za-z0-9_.-]/g, "_")}-`));
  const cwd = join(dir, "cwd");
  const tmp = join(dir, "tmp");
  mkdirSync(join(cwd, "sub"), { recursive: true });
  mkdirSync(tmp);
  writeFileSync(join(cwd, "a.txt"), "a\n");
  writeFileSync(join(cwd, "b.txt"), "b\n");
  for (const d of [dir, cwd, tmp]) chmodSync(d, 0o777);
  return { dir, cwd, tmp, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of both runs: minimal and identical. */
export function workloadEnv(tmp) {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: tmp,
    LANG: "C.UTF-8",
    TMPDIR: tmp,
    TERM: "dumb",
  };
}

export function interpreterVersion(host) {
  const i = INTERPRETERS[host];
  const r = spawnSync(i.bin, i.version, { encoding: "utf8" });
  return `${r.stdout}${r.stderr}`.trim().split("\n")[0];
}
