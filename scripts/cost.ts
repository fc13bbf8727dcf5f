/**
 * `npm run cost -- [--tier <tier>] [--stage <stage>] [--invoices N] [--episodes N]`: the pipeline's own
 * monthly AWS cost at a tier, with the alarms counted from the synthesized stacks. The matrix's alarms (what
 * the seed's strategy pays for anyway) are shown apart.
 */
import "./lib/cli-guard.js";
import { ASSUMPTIONS, monthlyCost, workloadOf } from "../core/cost/model.js";
import { TIER_IDS } from "../core/matrix/tiers.js";
import { CLI_DEFAULT_STAGE, runCommand } from "./lib/cli.js";
import { parseCount, parseStage, parseTier } from "./lib/cli-values.js";

await runCommand(
  {
    command: "npm run cost",
    usage: "[--tier <tier>] [--stage <stage>] [--invoices <n>] [--episodes <n>]",
    about:
      "The pipeline's own monthly AWS cost at a tier (us-east-1 list prices, no free tier), with the alarms\n" +
      "counted from the stage's synthesized stacks (offline, no AWS account needed).",
    options: {
      tier: { type: "string", value: "<tier>", help: `${TIER_IDS.join(", ")}, in any case`, default: "enterprise" },
      stage: {
        type: "string",
        value: "<stage>",
        help: "whose stacks' alarms are counted",
        default: CLI_DEFAULT_STAGE,
      },
      invoices: { type: "string", value: "<n>", help: "invoices per month (default: the tier's workload)" },
      episodes: { type: "string", value: "<n>", help: "alarm episodes per month (default: the tier's workload)" },
    },
    stage: "--stage names another",
    examples: [
      { run: "npm run cost", does: "the Enterprise tier's workload, prod's alarms" },
      { run: "npm run cost -- --tier Growth --invoices 20000", does: "Growth, with 20,000 invoices a month" },
      { run: "npm run cost -- --stage dev", does: "the alarms the dev stage's stacks create" },
    ],
  },
  async ({ values }) => {
    const tier = parseTier(values.tier);
    const stage = parseStage(values.stage);
    const workload = {
      ...workloadOf(tier),
      ...(values.invoices !== undefined && { invoices: parseCount("--invoices", values.invoices) }),
      ...(values.episodes !== undefined && { episodes: parseCount("--episodes", values.episodes) }),
    };
    // Synthesizing loads the CDK: only once the command line is known to be good.
    const { templateCounts, customMetricCount } = await import("./lib/cost-inputs.js");
    const { alarms, sqsConsumers } = await templateCounts(stage);
    const cost = monthlyCost({ tier, workload, alarms, sqsConsumers, customMetrics: customMetricCount() });

    const width = Math.max(...cost.lines.map((l) => l.what.length));
    console.log(`Pipeline cost per month at the ${tier} tier, stage ${stage} (us-east-1 list prices, no free tier)`);
    console.log(
      `workload: ${workload.invoices} invoices, ${workload.episodes} alarm episodes, ${workload.followUpsPerEpisode} follow-ups each`,
    );
    for (const line of cost.lines)
      console.log(`  ${line.service.padEnd(12)} ${line.what.padEnd(width)}  $${line.usd.toFixed(4)}`);
    console.log(`total (the pipeline's own): $${cost.pipelineTotal.toFixed(2)} / month  (goal ≤ $5.00 at Enterprise)`);
    console.log(
      `the matrix's alarms, which the seed's strategy pays for anyway: $${cost.matrixAlarms.toFixed(2)} / month`,
    );
    console.log(
      `dominant: ${cost.dominant.map((l) => `${l.service} (${l.what.split(" (")[0]}) $${l.usd.toFixed(2)}`).join("; ")}`,
    );
    console.log(`assumptions: core/cost/model.ts ASSUMPTIONS (${Object.keys(ASSUMPTIONS).length} stated values)`);
  },
);
