import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Unit tests import the libraries from source, so they need no build step.
// End-to-end tests run the built bins (see scripts/e2e.mjs), never the sources.
export default defineConfig({
  resolve: {
    alias: {
      "@hsandbox/core": src("core"),
      "@hsandbox/bpf": src("bpf"),
      "@hsandbox/landlock": src("landlock"),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "tools/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["packages/*/test/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: "forks",
          // One host at a time: RLIMIT_NPROC is counted per uid across the
          // machine, so a fork-bomb case must not starve another host's run.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
