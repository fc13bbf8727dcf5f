import type { App } from "sst/constructs";
import { Alarms } from "./Alarms.js";
import { Core } from "./Core.js";
import { Ingest } from "./Ingest.js";
import { Reactions } from "./Reactions.js";

export const STACKS = [Core, Alarms, Reactions, Ingest] as const;

/** The whole app: Lambda defaults first, then every stack. `sst.config.ts` and the stack tests share it. */
export function hero365(app: App): void {
  app.setDefaultFunctionProps({
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: 512,
    timeout: 30,
    tracing: "active",
    nodejs: {
      format: "esm",
      minify: true,
      sourcemap: false,
      // The nodejs22.x runtime ships AWS SDK v3: bundling it would triple every function's size.
      esbuild: { external: ["@aws-sdk/*", "@smithy/*"] },
    },
  });
  for (const stack of STACKS) app.stack(stack);
}
