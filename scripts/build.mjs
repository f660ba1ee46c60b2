// `npm run build` (run by `npm start`): bundle the Node entry and its processing thread into dist/
// with esbuild. Packages stay external (installed by npm); the LINE OpenAPI spec the simulator's
// double validates against is copied beside the bundle.
import { cpSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: ["src/runtime/node.ts", "src/runtime/node-worker.ts"],
  outdir: "dist/runtime",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
cpSync("src/line-double/openapi", "dist/runtime/openapi", { recursive: true });
