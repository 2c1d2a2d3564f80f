import { defineConfig } from "tsup";

export default defineConfig({
  // The library, and the bpfc bin (package.json "bin"; tsup keeps its shebang).
  entry: ["src/index.ts", "src/cli/bpfc.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  clean: true,
  target: "node20",
  sourcemap: false,
});
