/**
 * `npm run tier -- --users <n> [--concurrent <n>] [--rpm <n>]`
 * Recommends the seed's tier for an audience, shows its configuration and the expected monthly cost.
 */
import "./lib/cli-guard.js";
import { taskHourCost } from "../core/cost/fargate.js";
import type { CpuArchitecture } from "../core/cost/prices.js";
import { SERVICES, TARGET_TRACKING } from "../core/matrix/tiers.js";
import { runCommand, UsageError } from "./lib/cli.js";
import { parseCount } from "./lib/cli-values.js";
import { formatRange, recommendTier } from "./lib/tier-advice.js";

/** Fargate prices the estimate uses: the default stages' region and architecture. */
const REGION = "us-east-1";
const ARCH: CpuArchitecture = "x86_64";
const HOURS_PER_MONTH = 730;

await runCommand(
  {
    command: "npm run tier",
    usage: "--users <n> [--concurrent <n>] [--rpm <n>]",
    about:
      "Recommends the seed's tier for an audience (the most demanding number decides), shows the tier's\n" +
      "configuration and the expected monthly cost.",
    options: {
      users: { type: "string", value: "<n>", help: "recurring users (required; 5,000 and 5_000 read as 5000)" },
      concurrent: { type: "string", value: "<n>", help: "users online at the same time" },
      rpm: { type: "string", value: "<n>", help: "requests per minute at the peak" },
    },
    stage: "this command reads no stage (tiers are the same on every stage)",
    examples: [
      { run: "npm run tier -- --users 5000", does: "the tier for 5,000 recurring users" },
      {
        run: "npm run tier -- --users 5000 --concurrent 300 --rpm 2000",
        does: "the same audience with its peak: Growth",
      },
    ],
  },
  ({ values }) => {
    if (values.users === undefined) throw new UsageError("--users is required");
    const advice = recommendTier({
      users: parseCount("--users", values.users),
      ...(values.concurrent !== undefined && { concurrentUsers: parseCount("--concurrent", values.concurrent) }),
      ...(values.rpm !== undefined && { requestsPerMinute: parseCount("--rpm", values.rpm) }),
    });
    const { tier } = advice;
    const fargate = (pick: "minCapacity" | "maxCapacity") =>
      SERVICES.reduce((sum, s) => {
        const size = tier.services[s];
        return sum + size[pick] * taskHourCost(size, REGION, ARCH).perTaskHour * HOURS_PER_MONTH;
      }, 0);
    const rows = SERVICES.map((s) => {
      const size = tier.services[s];
      return `  ${s.padEnd(9)} ${`${size.cpu / 1024} vCPU / ${size.memory / 1024} GB`.padEnd(17)} ${`${size.minCapacity}–${size.maxCapacity}`.padEnd(7)} ${size.targetCPU} %`;
    });
    const cost = tier.monthlyCost;
    process.stdout.write(
      [
        `Recommended tier: ${tier.name}`,
        ...advice.because.map((b) => `  ${b}`),
        "",
        `${tier.name}: ${formatRange(tier.users)} recurring users, ${formatRange(tier.concurrentUsers)} concurrent, ${formatRange(tier.requestsPerMinute)} requests/min`,
        `  service   task              tasks   target CPU`,
        ...rows,
        `  target tracking: CPU at the target above, memory ${TARGET_TRACKING.memory} %, ${TARGET_TRACKING.requestsPerTarget} requests per task per minute; cooldowns ${TARGET_TRACKING.cooldownSeconds} s`,
        `  Supabase: ${tier.supabase.plans.join(" or ")} plan, ${formatRange(tier.supabase.connections)} connections`,
        "",
        `Expected monthly cost (seed): AWS ${formatRange(cost.aws, "$")}, Supabase ${formatRange(cost.supabase, "$")}, total ${formatRange(cost.total, "$")}`,
        `Fargate tasks alone (${REGION}, ${ARCH}, ${HOURS_PER_MONTH} h): $${Math.round(fargate("minCapacity")).toLocaleString("en-US")} at the minimum task counts, $${Math.round(fargate("maxCapacity")).toLocaleString("en-US")} at the maximum`,
        "",
      ].join("\n"),
    );
  },
);
