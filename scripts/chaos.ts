/**
 * `npm run chaos -- [--runs N] [--seed N] [--replay SEED:PATH] [--no-reconciler]`
 * The chaos harness (docs/chaos.md): generated histories of late, doubled, reordered and lost alarm events,
 * AWS throttling and failed invocations, run through the real handlers, rules and reconciler; every
 * invariant checked. Exits 1 with the shrunk history's timeline when one breaks.
 */

import { routeLogsToStderr, UsageError } from "../sim/local/local-invoke.js";
import { parseChaosArgs, USAGE } from "./lib/chaos/args.js";
import { chaosEnvironment } from "./lib/chaos/environment.js";
import { checkChaos } from "./lib/chaos/property.js";
import { duration, formatOutcome } from "./lib/chaos/report.js";

try {
  const args = parseChaosArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    // Handler logs are for Lambda; the timeline says what happened, failures included.
    process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
    routeLogsToStderr();
    process.stderr.write("chaos: synthesizing the prod stacks offline, starting the state table...\n");
    const env = await chaosEnvironment();
    const what = args.path ? `replaying ${args.seed}:${args.path}` : `${args.runs} histories`;
    process.stderr.write(
      `chaos: ${what}; reconciler: ${env.reconcilerPresent ? (args.reconciler ? "present" : "switched off") : "not present"}\n`,
    );
    try {
      const outcome = await checkChaos(env, {
        runs: args.runs,
        ...(args.seed !== undefined && { seed: args.seed }),
        ...(args.path && { path: args.path }),
        reconciler: args.reconciler,
        onProgress: (p) =>
          process.stderr.write(`  ${p.histories} histories, ${p.deliveries} deliveries, ${duration(p.elapsedMs)}\n`),
      });
      process.stdout.write(`${formatOutcome(outcome).join("\n")}\n`);
      if (!outcome.passed) process.exitCode = 1;
    } finally {
      await env.close();
    }
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 2;
}
