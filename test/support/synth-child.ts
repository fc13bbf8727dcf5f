/**
 * One shared synthesis, in a process of its own (started by synth.ts): `tsx synth-child.ts <request.json> <out>`.
 * It outlives the test file that started it, so a file that gives up waiting (its hook timeout on a loaded
 * machine) does not take the half-done synthesis with it; the next file reads the result.
 */
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { useConfiguration } from "../../core/config/index.js";
import { synthesize } from "../../sim/local/synth.js";
import type { SynthesizedTemplates, SynthRequest } from "./synth.js";

const [requestFile, out] = process.argv.slice(2) as [string, string];
const { stage, bundle, configuration }: SynthRequest = JSON.parse(await readFile(requestFile, "utf8"));
if (configuration) useConfiguration(configuration);
const app = await synthesize(stage, { bundle });
const result: SynthesizedTemplates = {
  stage: app.stage,
  stacks: app.stacks.map(({ name, template }) => ({ name, template })),
  bundles: app.bundles,
};
// Written whole, then renamed: a reader sees no file or the complete one.
await writeFile(`${out}.tmp`, JSON.stringify(result));
await rename(`${out}.tmp`, out);
// Done: nothing for the run's end to stop.
await rm(`${out}.pid`, { force: true });
