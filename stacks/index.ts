import type { App } from "sst/constructs";
import { Alarms } from "./Alarms.js";
import { Core } from "./Core.js";
import { Ingest } from "./Ingest.js";
import { Invoices } from "./Invoices.js";
import { Paging } from "./Paging.js";
import { Reactions } from "./Reactions.js";
import { Reconciler } from "./Reconciler.js";
import { Scaling } from "./Scaling.js";
import { SlackActions } from "./SlackActions.js";
import { SupabaseSignals } from "./SupabaseSignals.js";

export const STACKS = [
  Core,
  Alarms,
  Reactions,
  Scaling,
  Paging,
  SupabaseSignals,
  Ingest,
  Invoices,
  Reconciler,
  SlackActions,
] as const;

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
      // The AWS runtime (SDK clients) is a dynamic import: its own chunk, loaded on the first invocation only,
      // so a cold start does not pay for clients the invocation may not need.
      splitting: true,
      // The AWS SDK is bundled and minified, at the versions package.json pins, not taken from the runtime: its
      // ES modules, minified into the chunks, load in about half the time of the runtime's CommonJS copy
      // (`npm run bench`, cold path; docs/benchmarks.md). What runs in production is what the tests ran.
      esbuild: { external: [] },
    },
  });
  for (const stack of STACKS) app.stack(stack);
}
