#!/usr/bin/env node
// pnpm release:dry — everything `changeset publish` would send, checked, and
// nothing published (this script never calls publish).
//
//   1. build every package (turbo), unless --no-build
//   2. pack every public package with `pnpm pack` (the same file list and
//      manifest rewriting `pnpm publish` uses: workspace: ranges → versions)
//   3. check each tarball: manifest fields, file list (dist, boot, README,
//      LICENSE, CHANGELOG only; no sources, tests, maps, configs), bins with a
//      shebang and the executable bit, every import of the shipped JS and .d.ts
//      resolvable from the package's own dependencies (hosts: koffi alone)
//   4. pending changesets: a bump of core, bpf or landlock must bump every host
//      (the hosts bundle them); then `changeset version` in a scratch copy shows
//      the versions and CHANGELOGs a release would produce (the repo is not touched)
//
// Exit status 0 when every check passes, 1 otherwise.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { hostNames } from "../tools/workspace.mjs";

const REPO = join(import.meta.dirname, "..");
const HOSTS = hostNames();
const BUNDLED = ["@hsandbox/core", "@hsandbox/bpf", "@hsandbox/landlock"];
const PLACEHOLDER_REPO = "git+https://example.invalid/h.git";
const args = new Set(process.argv.slice(2));
const keep = args.has("--keep") || process.env.H_KEEP_WORK;

const problems = [];
const fail = (pkg, msg) => problems.push(`${pkg}: ${msg}`);
const sh = (cmd, argv, opts = {}) => execFileSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

const work = mkdtempSync(join(tmpdir(), "h-release-dry-"));
try {
  // --- 1. build ---------------------------------------------------------------
  if (!args.has("--no-build")) {
    console.log("building (pnpm turbo run build) …");
    sh("pnpm", ["turbo", "run", "build", "--output-logs=errors-only"], { cwd: REPO, stdio: "inherit" });
  }

  // --- 2. pack ------------------------------------------------------------------
  const rootLicense = readFileSync(join(REPO, "LICENSE"), "utf8");
  const packages = [];
  for (const d of readdirSync(join(REPO, "packages")).sort()) {
    const dir = join(REPO, "packages", d);
    if (!existsSync(join(dir, "package.json"))) continue;
    const src = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (src.private) continue;
    for (const s of ["prepublish", "prepublishOnly", "prepack", "postpack", "publish", "postpublish"]) {
      if (src.scripts?.[s]) fail(src.name, `has a "${s}" script: publish would run it, pack alone does not`);
    }
    const out = sh("pnpm", ["pack", "--pack-destination", join(work, "tarballs")], { cwd: dir });
    const tarball = out.trim().split("\n").at(-1).trim();
    const x = join(work, "x", d);
    mkdirSync(x, { recursive: true });
    sh("tar", ["-xzf", tarball, "-C", x]);
    const listing = sh("tar", ["-tvzf", tarball])
      .trim()
      .split("\n")
      .map((l) => {
        const parts = l.trim().split(/\s+/);
        return { mode: parts[0], path: parts.at(-1).replace(/^package\//, "") };
      });
    packages.push({ dir: d, srcDir: dir, tarball, root: join(x, "package"), listing, manifest: null });
  }

  // --- 3. check each tarball -------------------------------------------------------
  const publicNames = new Set();
  for (const p of packages) {
    p.manifest = JSON.parse(readFileSync(join(p.root, "package.json"), "utf8"));
    publicNames.add(p.manifest.name);
  }
  const coreKoffi = packages.find((p) => p.manifest.name === "@hsandbox/core")?.manifest.dependencies?.koffi;

  for (const p of packages) {
    const m = p.manifest;
    const name = m.name ?? p.dir;
    const isHost = HOSTS.includes(name);
    const files = p.listing.map((f) => f.path);
    const has = (rel) => files.includes(rel.replace(/^\.\//, ""));

    // manifest
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(m.version ?? "")) fail(name, `bad version ${m.version}`);
    if (!m.description || m.description.length < 20) fail(name, "description missing or too short");
    if (m.license !== "MIT") fail(name, `license is ${m.license}, expected MIT`);
    if (m.type !== "module") fail(name, 'type is not "module"');
    if (m.repository?.url !== PLACEHOLDER_REPO || m.repository?.directory !== `packages/${p.dir}`) {
      fail(name, `repository must be { url: ${PLACEHOLDER_REPO}, directory: packages/${p.dir} }`);
    }
    if (!m.homepage || !m.bugs?.url) fail(name, "homepage or bugs missing");
    if (!Array.isArray(m.keywords) || m.keywords.length === 0) fail(name, "keywords missing");
    if (m.engines?.node !== ">=20") fail(name, `engines.node is ${m.engines?.node}, expected >=20`);
    if (JSON.stringify(m.os) !== '["linux"]') fail(name, 'os must be ["linux"]');
    if ((isHost || name === "@hsandbox/core") && !(Array.isArray(m.cpu) && m.cpu.length > 0)) {
      fail(name, "cpu missing (syscall numbers and koffi's binary are per architecture)");
    }
    if (m.publishConfig?.access !== "public") fail(name, "publishConfig.access must be public");
    if (m.private) fail(name, "private");
    const dot = m.exports?.["."];
    if (!dot?.types || !dot?.import) fail(name, 'exports["."] needs types and import');
    for (const f of [dot?.types, dot?.import, m.main, m.types].filter(Boolean)) {
      if (!has(f)) fail(name, `${f} (exports/main/types) is not in the tarball`);
    }
    if (dot && Object.keys(dot)[0] !== "types") fail(name, 'exports["."].types must come first');
    if (!Array.isArray(m.files)) fail(name, "files missing");
    const deps = { ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies };
    for (const [d, v] of Object.entries({ ...deps, ...m.devDependencies })) {
      if (String(v).startsWith("workspace:")) fail(name, `${d}: "${v}" left unreplaced`);
    }
    for (const dev of ["typescript", "tsup", "vitest", "@biomejs/biome", "turbo", "@types/node", "fast-check"]) {
      if (m.dependencies?.[dev]) fail(name, `dev-only ${dev} in dependencies`);
    }
    if (isHost) {
      if (JSON.stringify(Object.keys(m.dependencies ?? {})) !== '["koffi"]') {
        fail(
          name,
          `a host's runtime dependency is koffi alone (core, bpf, landlock are bundled): ${Object.keys(m.dependencies ?? {})}`,
        );
      }
      if (coreKoffi && m.dependencies?.koffi !== coreKoffi) {
        fail(name, `koffi ${m.dependencies?.koffi} differs from core's ${coreKoffi}`);
      }
      if (!m.bin?.[name]) fail(name, `bin.${name} missing`);
    }

    // file list
    for (const f of files) {
      const allowed =
        /^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(f) || /^dist\//.test(f) || /^boot\//.test(f);
      if (!allowed) fail(name, `unexpected file ${f}`);
      if (/(^|\/)(src|test|tests|__tests__|cases)\//.test(f)) fail(name, `source or test file ${f}`);
      if (/\.(test|spec|e2e)\.[cm]?[jt]s$/.test(f)) fail(name, `test file ${f}`);
      if (/\.[cm]?ts$/.test(f) && !/\.d\.[cm]?ts$/.test(f)) fail(name, `TypeScript source ${f}`);
      if (/\.map$|tsconfig|tsup\.config|\.turbo|\.env/.test(f)) fail(name, `build or config file ${f}`);
    }
    for (const f of ["README.md", "LICENSE", "package.json"]) if (!has(f)) fail(name, `${f} missing`);
    if (has("LICENSE") && readFileSync(join(p.root, "LICENSE"), "utf8") !== rootLicense) {
      fail(name, "LICENSE differs from the root LICENSE");
    }
    if (
      existsSync(join(p.srcDir, "boot")) &&
      readdirSync(join(p.srcDir, "boot")).length > 0 &&
      !files.some((f) => f.startsWith("boot/"))
    ) {
      fail(name, "has boot/ files but does not ship them");
    }

    // bins
    for (const [bin, rel] of Object.entries(m.bin ?? {})) {
      const entry = p.listing.find((f) => f.path === rel.replace(/^\.\//, ""));
      if (!entry) {
        fail(name, `bin ${bin} → ${rel} is not in the tarball`);
        continue;
      }
      if (!/^-..x/.test(entry.mode)) fail(name, `bin ${bin} (${rel}) is not executable in the tarball (${entry.mode})`);
      const first = readFileSync(join(p.root, rel), "utf8").split("\n", 1)[0];
      if (first !== "#!/usr/bin/env node") fail(name, `bin ${bin} (${rel}) starts with ${JSON.stringify(first)}`);
    }

    // every import of the shipped code resolves to a builtin, a dependency or a file of the package
    for (const f of files.filter((f) => /\.(m?js|cjs|d\.ts)$/.test(f))) {
      const text = readFileSync(join(p.root, f), "utf8");
      const specs = new Set();
      for (const re of [
        /\bfrom\s*["']([^"']+)["']/g,
        /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
        /\brequire\d*\s*\(\s*["']([^"']+)["']\s*\)/g,
        /^\s*import\s*["']([^"']+)["']/gm,
      ]) {
        for (const mm of text.matchAll(re)) specs.add(mm[1]);
      }
      for (const s of specs) {
        if (s.startsWith(".") || builtins.has(s)) continue;
        // Text in comments and strings can look like an import ("require('*.node')"): only package names count.
        if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/.test(s)) continue;
        const pkg = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
        if (deps[pkg]) continue;
        if (f.endsWith(".d.ts") && pkg === "@types/node") continue;
        fail(name, `${f} imports "${s}", which is not a dependency`);
      }
    }
    const size = p.listing.length;
    const kb = Math.round(readFileSync(p.tarball).length / 1024);
    console.log(
      `  ${`${name}@${m.version}`.padEnd(28)} ${String(size).padStart(3)} files ${String(kb).padStart(4)} kB  deps: ${
        Object.entries(m.dependencies ?? {})
          .map(([k, v]) => `${k}@${v}`)
          .join(", ") || "none"
      }${m.bin ? `  bin: ${Object.keys(m.bin).join(", ")}` : ""}`,
    );
  }

  // --- 4. changesets -----------------------------------------------------------------
  const statusFile = join(work, "status.json");
  // --output is taken relative to the working directory, even when absolute.
  sh("pnpm", ["changeset", "status", "--output", relative(REPO, statusFile)], { cwd: REPO });
  const status = JSON.parse(readFileSync(statusFile, "utf8"));
  const releases = new Map(status.releases.filter((r) => r.type !== "none").map((r) => [r.name, r]));
  const bundledBump = BUNDLED.filter((n) => releases.get(n)?.type && releases.get(n).type !== "none");
  if (bundledBump.length > 0) {
    for (const h of HOSTS) {
      if (!releases.has(h) || releases.get(h).type === "none") {
        fail(
          h,
          `${bundledBump.join(", ")} will be released but ${h}, which bundles them, is not: add ${h} to the changeset`,
        );
      }
    }
  }
  console.log(
    `\npending changesets: ${status.changesets.length}; releases: ${
      [...releases.values()].map((r) => `${r.name} ${r.oldVersion} → ${r.newVersion} (${r.type})`).join(", ") || "none"
    }`,
  );

  if (releases.size > 0) {
    // `changeset version` on a scratch copy of the manifests: what a release would write.
    const scratch = join(work, "version-preview");
    mkdirSync(scratch);
    for (const f of ["package.json", "pnpm-workspace.yaml"]) cpSync(join(REPO, f), join(scratch, f));
    cpSync(join(REPO, ".changeset"), join(scratch, ".changeset"), { recursive: true });
    for (const d of ["tools", ...readdirSync(join(REPO, "packages")).map((d) => join("packages", d))]) {
      if (!existsSync(join(REPO, d, "package.json"))) continue;
      mkdirSync(join(scratch, d), { recursive: true });
      for (const f of ["package.json", "CHANGELOG.md"]) {
        if (existsSync(join(REPO, d, f))) cpSync(join(REPO, d, f), join(scratch, d, f));
      }
    }
    symlinkSync(join(REPO, "node_modules"), join(scratch, "node_modules"));
    sh("git", ["init", "-q"], { cwd: scratch });
    sh(join(REPO, "node_modules", ".bin", "changeset"), ["version"], { cwd: scratch });
    if (readdirSync(join(scratch, ".changeset")).some((f) => f.endsWith(".md") && f !== "README.md")) {
      fail("changesets", "changeset version left changeset files behind");
    }
    console.log("changeset version (scratch copy):");
    for (const [n, r] of releases) {
      const p = packages.find((q) => q.manifest.name === n);
      const dir = p ? join("packages", p.dir) : undefined;
      if (!dir) continue;
      const after = JSON.parse(readFileSync(join(scratch, dir, "package.json"), "utf8"));
      const changelog = join(scratch, dir, "CHANGELOG.md");
      if (after.version !== r.newVersion)
        fail(n, `changeset version wrote ${after.version}, status said ${r.newVersion}`);
      if (!existsSync(changelog)) fail(n, "changeset version wrote no CHANGELOG.md");
      else if (!readFileSync(changelog, "utf8").includes(`## ${r.newVersion}`)) {
        fail(n, `CHANGELOG.md has no "## ${r.newVersion}" section`);
      }
      for (const [d, v] of Object.entries(after.dependencies ?? {})) {
        if (publicNames.has(d) && v !== "workspace:*" && !String(v).includes(releases.get(d)?.newVersion ?? v)) {
          fail(n, `dependency ${d}@${v} not updated to ${releases.get(d)?.newVersion}`);
        }
      }
      console.log(`  ${`${n}`.padEnd(20)} ${r.oldVersion} → ${after.version}, ${dir}/CHANGELOG.md written`);
    }
  }
} catch (e) {
  problems.push(`release:dry stopped: ${e instanceof Error ? e.message : e}`);
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`\nrelease:dry FAILED (${problems.length}):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("\nrelease:dry OK: every package packs and checks clean; nothing was published.");
