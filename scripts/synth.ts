/**
 * `npm run synth -- --stage <stage> [--out <dir>]`: the CloudFormation templates of every stack, offline,
 * with bundling; prints each stack and each function's bundle size.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_STAGE } from "../core/config/index.js";
import { synthesize } from "./lib/synth.js";

const { values } = parseArgs({
  options: { stage: { type: "string", default: DEFAULT_STAGE }, out: { type: "string", default: ".synth" } },
});
const stage = values.stage;
const out = path.resolve(values.out);

const started = performance.now();
process.stderr.write(`synthesizing stage "${stage}" (bundling every function)...\n`);
const app = await synthesize(stage);
await mkdir(out, { recursive: true });
for (const { name, template } of app.stacks) {
  const file = path.join(out, `${name}.template.json`);
  await writeFile(file, `${JSON.stringify(template, null, 2)}\n`);
  const resources = Object.keys((template.Resources as Record<string, unknown>) ?? {}).length;
  console.log(`stack ${name}: ${resources} resources -> ${path.relative(process.cwd(), file)}`);
}
for (const bundle of app.bundles) {
  console.log(`function ${bundle.handler} (${bundle.stack}): ${(bundle.bytes / 1024).toFixed(1)} KB`);
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
