/**
 * `npm run cost -- --tier <tier> [--invoices N] [--episodes N]`: the pipeline's own monthly AWS cost at a
 * tier, with the alarms counted from the synthesized stacks. The matrix's alarms (what the seed's strategy
 * pays for anyway) are shown apart.
 */
import { parseArgs } from "node:util";
import { ASSUMPTIONS, monthlyCost, workloadOf } from "../core/cost/model.js";
import { TIER_IDS, type TierId } from "../core/tiers.js";
import { alarmCounts, customMetricCount } from "./lib/cost-inputs.js";

const { values } = parseArgs({
  options: {
    tier: { type: "string", default: "enterprise" },
    invoices: { type: "string" },
    episodes: { type: "string" },
  },
});
if (!TIER_IDS.includes(values.tier as TierId)) {
  process.stderr.write(`unknown tier "${values.tier}": one of ${TIER_IDS.join(", ")}\n`);
  process.exit(2);
}
const tier = values.tier as TierId;
const workload = {
  ...workloadOf(tier),
  ...(values.invoices && { invoices: Number(values.invoices) }),
  ...(values.episodes && { episodes: Number(values.episodes) }),
};
const cost = monthlyCost({ tier, workload, alarms: await alarmCounts("prod"), customMetrics: customMetricCount() });

const width = Math.max(...cost.lines.map((l) => l.what.length));
console.log(`Pipeline cost per month at the ${tier} tier (us-east-1 list prices, no free tier)`);
console.log(
  `workload: ${workload.invoices} invoices, ${workload.episodes} alarm episodes, ${workload.followUpsPerEpisode} follow-ups each`,
);
for (const line of cost.lines)
  console.log(`  ${line.service.padEnd(12)} ${line.what.padEnd(width)}  $${line.usd.toFixed(4)}`);
console.log(`total (the pipeline's own): $${cost.pipelineTotal.toFixed(2)} / month  (goal ≤ $5.00 at Enterprise)`);
console.log(`the matrix's alarms, which the seed's strategy pays for anyway: $${cost.matrixAlarms.toFixed(2)} / month`);
console.log(
  `dominant: ${cost.dominant.map((l) => `${l.service} (${l.what.split(" (")[0]}) $${l.usd.toFixed(2)}`).join("; ")}`,
);
console.log(`assumptions: core/cost/model.ts ASSUMPTIONS (${Object.keys(ASSUMPTIONS).length} stated values)`);
