/**
 * `npm run synth -- [--stage <stage>] [--out <dir>]`: the CloudFormation templates of every stack, offline,
 * with bundling; prints each stack and each function's bundle size.
 */
import "./lib/cli-guard.js";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { CLI_DEFAULT_STAGE, runCommand } from "./lib/cli.js";
import { parseStage, prepareOutDir } from "./lib/cli-values.js";

await runCommand(
  {
    command: "npm run synth",
    usage: "[--stage <stage>] [--out <dir>]",
    about:
      "Synthesizes the CloudFormation template of every stack offline, the way `sst deploy` would (no AWS\n" +
      "account needed), bundling every function, and prints each stack and each function's bundle size.",
    options: {
      stage: { type: "string", value: "<stage>", help: "the stage to synthesize", default: CLI_DEFAULT_STAGE },
      out: { type: "string", value: "<dir>", help: "where the templates are written", default: ".synth" },
    },
    stage: "--stage names another (a stage the configuration does not list is synthesized too)",
    examples: [
      { run: "npm run synth", does: "prod's templates into .synth/" },
      { run: "npm run synth -- --stage dev --out /tmp/dev", does: "dev's templates into /tmp/dev" },
    ],
  },
  async ({ values }) => {
    const stage = parseStage(values.stage);
    const out = await prepareOutDir("--out", values.out);

    const started = performance.now();
    process.stderr.write(`synthesizing stage "${stage}" (bundling every function)...\n`);
    // The CDK loads in seconds: only once the command line is known to be good.
    const { synthesize } = await import("../sim/local/synth.js");
    const app = await synthesize(stage);
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
  },
);
