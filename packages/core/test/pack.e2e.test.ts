// The packages as users get them: pack every workspace package once, then for
// each host install ONLY its tarball (plus the tarballs of any workspace
// package it depends on; none, since a host bundles core, bpf and landlock)
// into an empty project with plain npm (no workspace, no hoisting tricks, the
// public registry for koffi), and run `npx HOST hello.EXT` there. Also checks
// that one host's install holds nothing but that host and koffi, and that the
// programmatic API (dist/index.js) loads from the installed package.
// Needs `pnpm build` first, like every e2e test.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bound, run, runOk } from "../../../tools/e2e/process.js";
import { forEveryHost, hostNames } from "../../../tools/workspace.mjs";

const REPO = join(import.meta.dirname, "..", "..", "..");
const HOSTS = forEveryHost("pack.e2e.test.ts's hello scripts", {
  hlua: { ext: "lua", code: 'print("hello from hlua")\n' },
  hsh: { ext: "sh", code: 'echo "hello from hsh"\n' },
  hpython: { ext: "py", code: 'print("hello from hpython")\n' },
  hnode: { ext: "js", code: 'console.log("hello from hnode");\n' },
} as const);
type Host = keyof typeof HOSTS;

interface Packed {
  readonly dir: string;
  readonly tarball: string;
  readonly manifest: {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
}

/** npm and pnpm pass their settings down as npm_config_* variables; the install must see none of ours. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|pnpm_|PNPM_|INIT_CWD$)/.test(k)) env[k] = v;
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

const work = mkdtempSync(join(tmpdir(), "h-pack-"));
const packed = new Map<string, Packed>();

beforeAll(async () => {
  const out = join(work, "tarballs");
  for (const d of readdirSync(join(REPO, "packages"))) {
    const dir = join(REPO, "packages", d);
    if (!existsSync(join(dir, "package.json"))) continue;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (manifest.private) continue;
    if (!existsSync(join(dir, "dist"))) throw new Error(`${manifest.name} is not built: run pnpm build first`);
    const printed = await runOk(["pnpm", "pack", "--pack-destination", out], { cwd: dir, timeoutMs: 120_000 });
    const tarball = printed.trim().split("\n").at(-1)!.trim();
    if (!tarball.endsWith(".tgz") || !existsSync(tarball)) throw new Error(`pnpm pack printed no tarball:\n${printed}`);
    // The manifest as packed (workspace: ranges replaced), read from the tarball itself.
    const inTar = JSON.parse(await runOk(["tar", "-xzOf", tarball, "package/package.json"]));
    packed.set(inTar.name, { dir, tarball, manifest: inTar });
  }
}, bound(300_000));

afterAll(() => {
  if (!process.env.H_KEEP_WORK) rmSync(work, { recursive: true, force: true });
});

/** The host's tarball plus, transitively, the tarballs of workspace packages it depends on. */
function tarballsFor(name: string, seen = new Set<string>()): string[] {
  const p = packed.get(name);
  if (p === undefined || seen.has(name)) return [];
  seen.add(name);
  const m = p.manifest;
  const deps = Object.keys({ ...m.dependencies, ...m.optionalDependencies, ...m.peerDependencies });
  return [p.tarball, ...deps.flatMap((d) => tarballsFor(d, seen))];
}

/** Every installed package, by name ("koffi", "@koromix/koffi-linux-x64"), nested ones included. */
function installed(nodeModules: string): string[] {
  const names: string[] = [];
  if (!existsSync(nodeModules)) return names;
  for (const e of readdirSync(nodeModules)) {
    if (e.startsWith(".")) continue;
    if (e.startsWith("@")) {
      for (const s of readdirSync(join(nodeModules, e))) {
        names.push(`${e}/${s}`);
        names.push(...installed(join(nodeModules, e, s, "node_modules")));
      }
    } else {
      names.push(e);
      names.push(...installed(join(nodeModules, e, "node_modules")));
    }
  }
  return names;
}

describe("packed packages", () => {
  it("packs every public workspace package, hosts depending on no workspace package", () => {
    expect([...packed.keys()].sort()).toEqual(
      ["@hsandbox/bpf", "@hsandbox/core", "@hsandbox/landlock", ...hostNames()].sort(),
    );
    for (const host of Object.keys(HOSTS)) {
      const deps = packed.get(host)!.manifest.dependencies ?? {};
      expect(Object.keys(deps), `${host}'s runtime dependencies`).toEqual(["koffi"]);
      for (const v of Object.values(deps)) expect(v).not.toMatch(/^workspace:/);
    }
  });

  for (const [host, { ext, code }] of Object.entries(HOSTS) as [Host, (typeof HOSTS)[Host]][]) {
    it(
      `npm install ${host}'s tarball alone, then npx ${host} hello.${ext}`,
      async () => {
        const project = join(work, host);
        rmSync(project, { recursive: true, force: true });
        mkdirSync(project, { recursive: true });
        writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: `try-${host}`, private: true })}\n`);
        writeFileSync(join(project, `hello.${ext}`), code);
        const env = cleanEnv();
        const t0 = Date.now();
        const inst = await run(["npm", "install", "--no-audit", "--no-fund", ...tarballsFor(host)], {
          cwd: project,
          env,
          timeoutMs: 180_000,
        });
        expect(inst.status, `npm install failed:\n${inst.stdout}\n${inst.stderr}`).toBe(0);
        const t1 = Date.now();

        // Only this host and koffi (with its platform binary): no other host, no @hsandbox/*.
        const names = installed(join(project, "node_modules"));
        expect(names).toContain(host);
        expect(names).toContain("koffi");
        const others = names.filter((n) => n !== host && n !== "koffi" && !/^@koromix\/koffi-/.test(n));
        expect(others, `${host} pulled in more than koffi`).toEqual([]);
        for (const other of Object.keys(HOSTS)) if (other !== host) expect(names).not.toContain(other);
        expect(names.some((n) => n.startsWith("@hsandbox/"))).toBe(false);
        const bin = join(project, "node_modules", ".bin", host);
        expect(statSync(bin).mode & 0o111, `${bin} is executable`).not.toBe(0);

        // --no: never fetch a package of that name from the registry; use the installed bin.
        const npx = await run(["npx", "--no", host, `hello.${ext}`], { cwd: project, env });
        const t2 = Date.now();
        expect(npx.stderr).toBe("");
        expect(npx.stdout).toBe(`hello from ${host}\n`);
        expect(npx.status).toBe(0);

        // The programmatic API from the installed package: bundled, so it needs nothing else either.
        const api = await run(
          [
            process.execPath,
            "--input-type=module",
            "-e",
            `import { run, profile } from "${host}";
           const r = await run(${JSON.stringify(join(project, `hello.${ext}`))});
           process.stdout.write(profile.name + ":" + r.code + ":" + r.stdout);`,
          ],
          { cwd: project, env },
        );
        expect(api.stderr).toBe("");
        expect(api.stdout).toBe(`${host}:0:hello from ${host}\n`);
        console.log(`${host}: npm install ${t1 - t0} ms, npx ${host} hello.${ext} ${t2 - t1} ms`);
      },
      bound(240_000),
    );
  }
});
