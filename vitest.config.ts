import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { bound } from "./tools/e2e/process.js";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Three tiers:
//   unit  pure code, from source (no build step), in parallel
//   e2e   the built launchers on the real kernel: the correctness suite
//   slow  soak tests (1,000-launch load, the bench smoke): `npm run test:slow`
// Unit tests import the libraries from source; end-to-end tests run the built
// bins (tools/e2e/deploy.ts), never the sources.
//
// Timeouts are bounds, not expectations: each is multiplied by H_TEST_SLOW
// (tools/e2e/process.ts) so a slow or busy machine gets more room, and no
// test asserts on speed.
const endToEnd = {
  testTimeout: bound(120_000),
  hookTimeout: bound(300_000),
  pool: "forks" as const,
  // One test file at a time, each in a fresh process: RLIMIT_NPROC is
  // counted per uid across the machine, so a fork-bomb case must not starve
  // another host's run; and a worker that dies takes only its own file with
  // it (the closing count names that file, tools/test/tally.mjs).
  poolOptions: { forks: { singleFork: false, maxForks: 1, minForks: 1, isolate: true } },
};

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
          testTimeout: bound(60_000),
        },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["packages/*/test/**/*.e2e.test.ts"], ...endToEnd },
      },
      {
        extends: true,
        test: { name: "slow", include: ["packages/*/test/**/*.slow.test.ts"], ...endToEnd },
      },
    ],
  },
});
