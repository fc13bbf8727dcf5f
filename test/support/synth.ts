/** Synthesizes the app once per test file (bundling included) and hands out assertion templates. */
import { Template } from "aws-cdk-lib/assertions";
import { type Synthesized, synthesize } from "../../sim/local/synth.js";

export async function synthTemplates(stage: string, opts: { bundle?: boolean } = {}) {
  const app: Synthesized = await synthesize(stage, opts);
  const templates = Object.fromEntries(
    app.stacks.map(({ name, template }) => [
      name.replace(`${stage}-hero365-scaling-`, ""),
      Template.fromJSON(template),
    ]),
  );
  return { app, template: (stack: string) => templates[stack] ?? missing(stack) };
}

function missing(stack: string): never {
  throw new Error(`no stack ${stack}`);
}
