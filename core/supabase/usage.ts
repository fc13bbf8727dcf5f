/**
 * The collector's arithmetic, pure: connection utilisation, egress as counter deltas (Prometheus `increase`
 * semantics: a counter that went down was reset, so its new value is what it counted since), and the
 * month-to-date total against the plan's quota.
 */
import { CONNECTION_COUNTS_FROM_PERCENT, type MetricDatum, SUPABASE_METRICS } from "./metrics.js";

/** One reading of the project's usage. */
export interface UsageReading {
  source: "prometheus" | "sql";
  connections: { active: number; max: number };
  /**
   * Cumulative byte counters by series (name and labels), from the database and pooler network counters;
   * absent in SQL mode, where Postgres counts no bytes.
   */
  egressCounters?: Record<string, number>;
}

/** What the state table keeps between scrapes: the last counters and this month's running total. */
export interface EgressLedger {
  /** UTC month the total belongs to, `YYYY-MM`. */
  month: string;
  monthToDateBytes: number;
  counters: Record<string, number>;
  at: string;
}

export interface EgressStep {
  ledger: EgressLedger;
  /** Bytes since the previous scrape; undefined on the first scrape (no baseline yet). */
  deltaBytes?: number;
  /** Series whose counter went down since the previous scrape. */
  resets: string[];
}

/**
 * Advances the ledger by one scrape.
 * @example advanceEgress(undefined, { a: 10 }, now).deltaBytes // undefined: the first scrape sets the baseline
 */
export function advanceEgress(
  previous: EgressLedger | undefined,
  counters: Record<string, number>,
  now: Date,
): EgressStep {
  const month = now.toISOString().slice(0, 7);
  if (!previous) {
    return { ledger: { month, monthToDateBytes: 0, counters, at: now.toISOString() }, resets: [] };
  }
  let delta = 0;
  const resets: string[] = [];
  for (const [series, value] of Object.entries(counters)) {
    const before = previous.counters[series];
    // A series seen for the first time has no baseline: like Prometheus' increase(), it counts from now on.
    if (before === undefined) continue;
    if (value >= before) delta += value - before;
    else {
      resets.push(series);
      delta += value;
    }
  }
  // Bytes of the minute that spans the month boundary count for the new month.
  const carried = previous.month === month ? previous.monthToDateBytes : 0;
  return {
    ledger: { month, monthToDateBytes: carried + delta, counters, at: now.toISOString() },
    deltaBytes: delta,
    resets,
  };
}

/**
 * The measurements of one good scrape, rounded to what a human or an alarm needs. Connection counts are metrics
 * only near the alarm (`CONNECTION_COUNTS_FROM_PERCENT`); egress bytes are always log fields
 * (`SUPABASE_METRIC_PUBLISHING`).
 */
export function usageMetrics(reading: UsageReading, egress: EgressStep | undefined, quotaBytes: number): MetricDatum[] {
  const { active, max } = reading.connections;
  const utilisation = round((100 * active) / max);
  const counts = utilisation >= CONNECTION_COUNTS_FROM_PERCENT ? {} : ({ logOnly: true } as const);
  const data: MetricDatum[] = [
    { name: SUPABASE_METRICS.connectionUtilization, unit: "Percent", value: utilisation },
    { name: SUPABASE_METRICS.activeConnections, unit: "Count", value: active, ...counts },
    { name: SUPABASE_METRICS.maxConnections, unit: "Count", value: max, ...counts },
    { name: SUPABASE_METRICS.collectorErrors, unit: "Count", value: 0 },
  ];
  if (egress) {
    if (egress.deltaBytes !== undefined) {
      data.push({ name: SUPABASE_METRICS.egressBytes, unit: "Bytes", value: egress.deltaBytes, logOnly: true });
    }
    data.push(
      {
        name: SUPABASE_METRICS.egressMonthToDateBytes,
        unit: "Bytes",
        value: egress.ledger.monthToDateBytes,
        logOnly: true,
      },
      {
        name: SUPABASE_METRICS.egressUtilization,
        unit: "Percent",
        value: round((100 * egress.ledger.monthToDateBytes) / quotaBytes),
      },
    );
  }
  return data;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
