/**
 * Builds a handler file the way SST v2 bundles the app's functions (sst/runtime/handlers/node.js, ESM branch)
 * with the app's `nodejs` defaults (stacks/index.ts): same esbuild version, banner, SDK bundled, minify.
 */

import { stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const esbuild = require(require.resolve("esbuild", { paths: [path.dirname(require.resolve("sst/package.json"))] }));

export async function buildLikeSst(entry: string, outfile: string): Promise<number> {
  await esbuild.build({
    entryPoints: [entry],
    platform: "node",
    // Like the stacks: the SDK is bundled (stacks/index.ts).
    external: [],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        "const require = topLevelCreateRequire(import.meta.url);",
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
      ].join("\n"),
    },
    outfile,
    sourcemap: false,
    minify: true,
  });
  return (await stat(outfile)).size;
}
