import { defineConfig } from "tsup";

// The bin is one bundled file (core, bpf and landlock inlined) so a launch
// loads a single module; koffi stays external: it carries a native addon.
// dist/index.js (the API) is bundled the same way, and its types inline
// @hsandbox/* (dts resolve): the published host depends on koffi alone.
export default defineConfig({
  entry: ["src/bin.ts", "src/index.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts", resolve: [/^@hsandbox\//] },
  clean: true,
  target: "node20",
  noExternal: [/^@hsandbox\//],
  external: ["koffi"],
  splitting: false,
});
