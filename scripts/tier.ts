/**
 * `npm run tier -- --users <n> [--concurrent <n>] [--rpm <n>]`
 * Recommends the seed's tier for an audience, shows its configuration and the expected monthly cost.
 */
import { parseArgs } from "node:util";
import { type CpuArchitecture, taskHourCost } from "../core/scaling/pricing.js";
import { formatRange, recommendTier } from "../core/tier-advice.js";
import { SERVICES, TARGET_TRACKING } from "../core/tiers.js";
import { UsageError } from "./lib/local-invoke.js";

const USAGE = "usage: npm run tier -- --users <n> [--concurrent <n>] [--rpm <requests per minute>]";
/** Fargate prices the estimate uses: the default stages' region and architecture. */
const REGION = "us-east-1";
const ARCH: CpuArchitecture = "x86_64";
const HOURS_PER_MONTH = 730;

try {
  const { values, positionals } = parseArgs({
    options: { users: { type: "string" }, concurrent: { type: "string" }, rpm: { type: "string" } },
  });
  if (positionals.length || values.users === undefined) throw new UsageError(USAGE);
  const advice = recommendTier({
    users: count("--users", values.users),
    ...(values.concurrent !== undefined && { concurrentUsers: count("--concurrent", values.concurrent) }),
    ...(values.rpm !== undefined && { requestsPerMinute: count("--rpm", values.rpm) }),
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
} catch (error) {
  const parseError = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (!(error instanceof UsageError) && !parseError) throw error;
  process.stderr.write(`${(error as Error).message}${parseError ? `\n${USAGE}` : ""}\n`);
  process.exitCode = 2;
}

function count(flag: string, text: string): number {
  const value = Number(text.replace(/[,_]/g, ""));
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`${flag} expects a whole number, got "${text}"\n${USAGE}`);
  return value;
}
