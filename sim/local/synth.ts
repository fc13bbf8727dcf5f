/**
 * Synthesizes the whole SST app offline, the way `sst deploy` would, without AWS: the recipe in NOTES.md
 * (initProject with an explicit stage, an App built from the project config, bundling in finish()).
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack, Function as SstFunction } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { hero365, STACKS } from "../../stacks/index.js";

export interface Synthesized {
  stage: string;
  stacks: { name: string; stack: Stack; template: Record<string, unknown> }[];
  /**
   * Each function's bundle, after bundling only: the entry file and the total size of what is deployed
   * (the entry and its split chunks).
   */
  bundles: { stack: string; handler: string; file: string; bytes: number }[];
}

export async function synthesize(stage: string, opts: { bundle?: boolean } = {}): Promise<Synthesized> {
  // SST's finish() bundles offline only under NODE_ENV=test (NOTES.md).
  process.env.NODE_ENV = "test";
  await initProject({ stage });
  const { config, paths } = useProject();
  // The App writes its binding types to `<out>/types`, removing the folder first: two synths of one checkout
  // at once (three `npm run cost`, a stack test beside a CLI run) remove it under each other (ENOENT). Each
  // synth gets an out folder of its own; the bundles stay in the shared artifacts folder.
  const sharedOut = paths.out;
  paths.out = await mkdtemp(path.join(sharedOut, "synth-"));
  const bundle = opts.bundle ?? true;
  try {
    const app = new App({ mode: "deploy", stage: config.stage, name: config.name, region: config.region });
    hero365(app);
    if (bundle) await app.finish();
  } finally {
    await rm(paths.out, { recursive: true, force: true });
    paths.out = sharedOut;
  }

  const stacks = STACKS.map((fn) => {
    const stack = getStack(fn);
    return { name: stack.stackName, stack, template: Template.fromStack(stack).toJSON() };
  });
  const bundles: Synthesized["bundles"] = [];
  if (bundle) {
    for (const { name, stack } of stacks) {
      for (const child of stack.node.findAll()) {
        if (!(child instanceof SstFunction)) continue;
        const handler = (child as unknown as { props: { handler?: string } }).props.handler ?? child.node.id;
        const dir = path.join(paths.artifacts, child.node.addr);
        const files = await bundleFiles(dir);
        const entry = path.join(dir, `${handler.replace(/\.[^.]+$/, "")}.mjs`);
        if (files.includes(entry)) {
          const sizes = await Promise.all(files.map(async (f) => (await stat(f)).size));
          bundles.push({ stack: name, handler, file: entry, bytes: sizes.reduce((a, b) => a + b, 0) });
        }
      }
    }
  }
  return { stage: config.stage, stacks, bundles };
}

async function bundleFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith(".mjs")).map((entry) => path.join(dir, entry));
}
