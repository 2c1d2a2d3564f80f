import { defineConfig } from "tsup";

export default defineConfig({
  // The library and its bins (package.json "bin"; tsup keeps their shebangs).
  entry: ["src/index.ts", "src/poor-ldd.ts", "src/cli/paths.ts", "src/cli/landlockc.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  clean: true,
  target: "node20",
  sourcemap: false,
});
