/**
 * The words of a plan-upgrade ticket: what is happening (utilisation, connections, last hour), what to do
 * (the next compute size, its limits and the monthly price difference) and what to try first (pooling).
 */
import type { StageConfig } from "../config/index.js";
import { grouped } from "../kernel/format.js";
import { COMPUTE_SOURCE, type ComputeSpec, computeSpec, nextComputeForConnections } from "../supabase/compute.js";
import { PLANS } from "../supabase/plans.js";
import { pct, type Trend } from "../supabase/trend.js";

export interface UpgradeFacts {
  stage: string;
  config: StageConfig;
  /** Connection utilisation the alarm saw, in %. */
  utilisation?: number;
  connections?: { used: number; max: number };
  trend?: Trend;
  firedAt: string;
  alarmName: string;
  consoleUrl: string;
}

export interface UpgradeAdvice {
  current: ComputeSpec;
  next?: ComputeSpec;
  monthlyDeltaUsd?: number;
}

export function upgradeAdvice(config: StageConfig): UpgradeAdvice {
  const current = computeSpec(config.supabase.computeSize);
  const next = nextComputeForConnections(current.size);
  return { current, next, ...(next && { monthlyDeltaUsd: next.monthlyUsdApprox - current.monthlyUsdApprox }) };
}

export function usd(amount: number): string {
  return `$${grouped(amount, 4)}`;
}

export function upgradeTitle(facts: UpgradeFacts, advice: UpgradeAdvice): string {
  const value = facts.utilisation === undefined ? "above 80 %" : `at ${pct(facts.utilisation)}`;
  const step = advice.next ? `upgrade compute ${advice.current.label} → ${advice.next.label}` : "pool connections";
  return `Supabase connections ${value} on ${facts.config.supabase.projectRef} (${facts.stage}): ${step}`;
}

export function upgradeBody(facts: UpgradeFacts, advice: UpgradeAdvice, marker: string): string {
  const { config } = facts;
  const { current, next } = advice;
  const plan = PLANS[config.supabase.plan];
  const lines = [
    `## ${upgradeTitle(facts, advice)}`,
    "",
    `\`${facts.alarmName}\` fired at ${facts.firedAt}: connection utilisation stayed above 80 % for 2 × 1 min.`,
    "",
    "| | |",
    "|---|---|",
    `| Project | \`${config.supabase.projectRef}\` (${plan.label} plan, stage ${facts.stage}) |`,
    `| Compute size | ${current.label}: ${current.cpu}, ${current.memoryGb} GB |`,
    `| Connections | ${connectionsLine(facts)} |`,
    `| Pooler clients allowed | ${grouped(current.poolerMaxClients)} |`,
    "",
    "### Last hour",
    trendLine(facts.trend),
    "",
    ...recommendation(advice, config),
    "",
    ...POOLING(next ?? current),
    "",
    `<sub>Sizes and prices: ${COMPUTE_SOURCE}. Alarm: ${facts.consoleUrl}</sub>`,
    "",
    marker,
  ];
  return lines.join("\n");
}

export function repeatComment(facts: UpgradeFacts, advice: UpgradeAdvice): string {
  const value = facts.utilisation === undefined ? "above 80 %" : pct(facts.utilisation);
  return [
    `### Connections above 80 % again: ${value} at ${facts.firedAt}`,
    "",
    `Connections: ${connectionsLine(facts)}.`,
    `Last hour: ${trendLine(facts.trend)}`,
    "",
    advice.next
      ? `Still recommended: ${advice.current.label} → ${advice.next.label} (${advice.next.maxConnections} connections, ${signedUsd(advice.monthlyDeltaUsd)}/month), or pooling through Supavisor on port 6543.`
      : "No larger compute size adds Postgres connections: pool through Supavisor on port 6543, or ask Supabase for a custom instance.",
    "",
    `<sub>Alarm: ${facts.consoleUrl}</sub>`,
  ].join("\n");
}

function connectionsLine(facts: UpgradeFacts): string {
  if (!facts.connections) return "not measured in the last hour";
  const { used, max } = facts.connections;
  return `${used} used of ${max} (${pct((100 * used) / max)})`;
}

function trendLine(trend: Trend | undefined): string {
  if (!trend) return "no datapoints in the last hour (is the supabase-metrics collector running?)";
  return `\`${trend.sparkline}\` min ${pct(trend.min)}, avg ${pct(trend.avg)}, max ${pct(trend.max)}, now ${pct(trend.last)}: ${trend.direction} (${trend.points} one-minute maxima)`;
}

function signedUsd(amount: number | undefined, exact = false): string {
  if (amount === undefined) return "price unknown";
  const rounded = Math.round(Math.abs(amount) * 10_000) / 10_000;
  return `${amount >= 0 ? "+" : "-"}${exact ? "" : "~"}${usd(rounded)}`;
}

function recommendation(advice: UpgradeAdvice, config: StageConfig): string[] {
  const { current, next } = advice;
  if (!next) {
    return [
      `### Recommendation: pool connections (${current.label} has the most Postgres connections on offer)`,
      "No larger compute size adds Postgres connections. Pool through Supavisor (below), move read traffic to read replicas, or ask Supabase for a custom instance.",
    ];
  }
  const paidFirst =
    config.supabase.plan === "free"
      ? [
          "",
          `Compute sizes above Micro need a paid plan: Pro is ${usd(PLANS.pro.monthlyUsd ?? 0)}/month and includes $10/month of compute credits.`,
        ]
      : [];
  return [
    `### Recommendation: upgrade compute ${current.label} → ${next.label}`,
    "",
    `| | ${current.label} (now) | ${next.label} |`,
    "|---|---|---|",
    `| Postgres max connections | ${current.maxConnections} | ${next.maxConnections} |`,
    `| Pooler max clients | ${grouped(current.poolerMaxClients)} | ${grouped(next.poolerMaxClients)} |`,
    `| CPU, memory | ${current.cpu}, ${current.memoryGb} GB | ${next.cpu}, ${next.memoryGb} GB |`,
    `| Price | ~${usd(current.monthlyUsdApprox)}/month (${usd(current.hourlyUsd)}/h) | ~${usd(next.monthlyUsdApprox)}/month (${usd(next.hourlyUsd)}/h) |`,
    "",
    `Monthly price difference: **${signedUsd(advice.monthlyDeltaUsd)}/month** (billed hourly: ${signedUsd(next.hourlyUsd - current.hourlyUsd, true)}/h).`,
    "Changing the compute size restarts the database (usually under 2 minutes of downtime): schedule it.",
    ...paidFirst,
  ];
}

const POOLING = (size: ComputeSpec) => [
  "### Before (or besides) upgrading: pool connections",
  "- Serverless and short-lived clients (Lambda, edge functions, workers) should connect through **Supavisor in transaction mode, port 6543**, with prepared statements off (e.g. `postgres(url, { prepare: false })`) and a pool of 1 per instance.",
  `- The pooler multiplexes many clients onto few Postgres connections: on ${size.label} it accepts ${grouped(size.poolerMaxClients)} clients for ${size.maxConnections} Postgres connections.`,
  "- Long-lived servers keep session mode (port 5432) or a direct connection, with a bounded pool size.",
  "- Look for idle connections in `pg_stat_activity` (`state = 'idle'`, old `state_change`): they hold a slot and do nothing.",
];
