/**
 * Synthesizes the whole SST app offline, the way `sst deploy` would, without AWS: the recipe in NOTES.md
 * (initProject with an explicit stage, an App built from the project config, bundling in finish()).
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack, Function as SstFunction } from "sst/constructs";
import { initProject, useProject } from "sst/project.js";
import { hero365, STACKS } from "../../stacks/index.js";

export interface Synthesized {
  stage: string;
  stacks: { name: string; stack: Stack; template: Record<string, unknown> }[];
  /** Bundled size of each function, after bundling only. */
  bundles: { stack: string; handler: string; file: string; bytes: number }[];
}

export async function synthesize(stage: string, opts: { bundle?: boolean } = {}): Promise<Synthesized> {
  // SST's finish() bundles offline only under NODE_ENV=test (NOTES.md).
  process.env.NODE_ENV = "test";
  await initProject({ stage });
  const { config, paths } = useProject();
  const app = new App({ mode: "deploy", stage: config.stage, name: config.name, region: config.region });
  hero365(app);
  const bundle = opts.bundle ?? true;
  if (bundle) await app.finish();

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
        const file = await findBundle(dir);
        if (file) bundles.push({ stack: name, handler, file, bytes: (await stat(file)).size });
      }
    }
  }
  return { stage: config.stage, stacks, bundles };
}

async function findBundle(dir: string): Promise<string | undefined> {
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  const bundle = entries.find((entry) => entry.endsWith(".mjs") || entry.endsWith(".js"));
  return bundle && path.join(dir, bundle);
}
