/**
 * Strategies: the same trace under three ways of running the services, through the same capacity model.
 *
 * - `pipeline`: the matrix's reactions and the tier's target tracking, as deployed.
 * - `target-tracking`: the tier's target tracking alone (the alarms notify nobody, nothing reacts).
 * - `static-max`: the tier's maximum task count all along, nothing scales.
 *
 * Each is judged by what a user of the services felt (minutes with the p95 over 2 s, minutes with more than
 * 1 % errors, minutes the running tasks could not serve the load) and what it cost (task-hours, Fargate).
 */

import { taskHourCost } from "../core/cost/fargate.js";
import { MATRIX } from "../core/matrix/rows.js";
import type { Service } from "../core/matrix/tiers.js";
import type { SimulationResult } from "./engine.js";
import { isPage } from "./summary.js";
import type { MinuteRecord } from "./world.js";

export const STRATEGIES = ["pipeline", "target-tracking", "static-max"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The response-time row's threshold: a slow minute for a user is one the alarm counts as breaching. */
export const SLOW_SECONDS = MATRIX["response-time-high"].threshold;
/** The error-rate row's threshold (% of requests answered 5xx, by a target or by the load balancer). */
export const ERROR_PERCENT = MATRIX["error-rate-high"].threshold;

export interface StrategyOutcome {
  /** Service-minutes with the p95 over 2 s or errors over 1 % (either counts once). */
  breachMinutes: number;
  /** Service-minutes with the p95 (the alarm's percentile) over 2 s. */
  slowMinutes: number;
  /** Service-minutes with more than 1 % of the requests answered 5xx. */
  errorMinutes: number;
  /** Service-minutes the running tasks could not serve the load (utilisation at or above 100 %). */
  shortfallMinutes: number;
  taskHours: number;
  costUsd: number;
  /** Scaling actions: the matrix's scale-outs and floor restores, and target tracking's activities. */
  actions: number;
  /** Decisions that paged on-call; only the pipeline pages. */
  pages: number;
  /** Running tasks per minute, per service (the report overlays them). */
  running: Partial<Record<Service, number[]>>;
  /**
   * Task-seconds billed by each minute's end, per service, and the price of a task-hour: the report's cost over
   * time, whose last minute is the run's `costUsd`.
   */
  billed: Partial<Record<Service, { taskSeconds: number[]; perTaskHour: number }>>;
}

export type Strategies = Record<Strategy, StrategyOutcome>;

/** A run's outcome, from its minute records, its billed task time and its actions. */
export function outcomeOf(r: SimulationResult): StrategyOutcome {
  const out: StrategyOutcome = {
    breachMinutes: 0,
    slowMinutes: 0,
    errorMinutes: 0,
    shortfallMinutes: 0,
    taskHours: 0,
    costUsd: 0,
    actions: 0,
    pages: 0,
    running: {},
    billed: {},
  };
  for (const service of r.services) {
    const rows = r.minutes[service] ?? [];
    for (const m of rows) {
      const slow = (m.latency ?? 0) > SLOW_SECONDS;
      const failing = errorShare(m) > ERROR_PERCENT;
      if (slow) out.slowMinutes++;
      if (failing) out.errorMinutes++;
      if (slow || failing) out.breachMinutes++;
      if (m.rpm > 0 && m.utilization >= 1) out.shortfallMinutes++;
    }
    out.running[service] = rows.map((m) => m.running);
    const size = r.tier.services[service];
    const price = taskHourCost(size, r.config.region, r.config.ecs.services[service].cpuArchitecture);
    out.billed[service] = { taskSeconds: rows.map((m) => m.billedTaskSeconds), perTaskHour: price.perTaskHour };
    const hours = (r.billedTaskSeconds[service] ?? 0) / 3600;
    out.taskHours += hours;
    out.costUsd += hours * price.perTaskHour;
  }
  const { effects, activities } = r.records;
  out.actions =
    effects.filter((e) => e.category === "scale-out" || e.category === "floor-restore").length + activities.length;
  out.pages = new Set(
    effects
      .filter((e) => e.category === "notification")
      .filter(isPage)
      .map((e) => `${e.at}#${e.functionName}`),
  ).size;
  return out;
}

/** 5xx of a minute as a share of its requests (%): the targets' own and the load balancer's. */
function errorShare(m: MinuteRecord): number {
  if (m.rpm <= 0) return 0;
  const targets = ((m.answered ?? m.rpm) * (m.errorRate ?? 0)) / 100;
  return ((targets + (m.unanswered ?? 0)) / m.rpm) * 100;
}

const money = (usd: number) => `$${usd < 10 ? usd.toFixed(2) : Math.round(usd).toLocaleString("en-US")}`;

/** The strategies side by side, as terminal lines, and the sentence that says what the pipeline bought. */
export function formatStrategies(s: Strategies): string[] {
  const header = [
    "strategy",
    "breach min",
    "p95>2s min",
    "5xx>1% min",
    "short min",
    "task-hours",
    "Fargate",
    "actions",
    "pages",
  ];
  const rows = STRATEGIES.map((name) => {
    const o = s[name];
    return [
      name,
      String(o.breachMinutes),
      String(o.slowMinutes),
      String(o.errorMinutes),
      String(o.shortfallMinutes),
      o.taskHours.toFixed(1),
      money(o.costUsd),
      String(o.actions),
      String(o.pages),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ")}`;
  return ["strategies on the same trace (one capacity model):", line(header), ...rows.map(line), verdict(s)];
}

/**
 * One honest sentence: what the pipeline changed against target tracking alone, and at what cost.
 * @example verdict(strategies) // "The pipeline cut breach minutes 38 → 6 against target tracking alone, for 4 % more task-hours"
 */
export function verdict(s: Strategies): string {
  const p = s.pipeline;
  const t = s["target-tracking"];
  const change = t.taskHours > 0 ? ((p.taskHours - t.taskHours) / t.taskHours) * 100 : 0;
  const cost =
    Math.abs(change) < 0.5
      ? "at the same task-hours"
      : `for ${Math.abs(Math.round(change))} % ${change > 0 ? "more" : "fewer"} task-hours`;
  if (p.breachMinutes < t.breachMinutes)
    return `The pipeline cut breach minutes ${t.breachMinutes} → ${p.breachMinutes} against target tracking alone, ${cost}.`;
  if (p.breachMinutes > t.breachMinutes)
    return `The pipeline did worse than target tracking alone on this trace: ${p.breachMinutes} breach minutes against ${t.breachMinutes}, ${cost}.`;
  // Same breach minutes: what the pipeline still did is tell someone.
  const paged =
    p.pages > 0
      ? ` It paged on-call ${p.pages === 1 ? "once" : `${p.pages} times`}; target tracking alone tells nobody.`
      : "";
  if (Math.abs(change) < 0.5)
    return `The pipeline added nothing to the service over target tracking alone on this trace (${p.breachMinutes} breach minutes either way).${paged}`;
  return `The pipeline added nothing to the service over target tracking alone on this trace (${p.breachMinutes} breach minutes either way), ${cost}.${paged}`;
}

/** What `.sim/summary.json` keeps of each strategy. */
export function strategiesJson(s: Strategies) {
  return Object.fromEntries(
    STRATEGIES.map((name) => {
      const { running: _running, billed: _billed, ...figures } = s[name];
      return [
        name,
        {
          ...figures,
          taskHours: Math.round(figures.taskHours * 100) / 100,
          costUsd: Math.round(figures.costUsd * 100) / 100,
        },
      ];
    }),
  );
}
