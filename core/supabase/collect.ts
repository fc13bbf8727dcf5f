/**
 * One run of the collector: read usage, advance the month-to-date egress in the state table, publish the
 * metrics. A failed read publishes no measurement, only `CollectorErrors = 1`, and says why.
 */
import type { ItemStore } from "../kernel/ports.js";
import { SupabaseReadError } from "./errors.js";
import { type MetricDatum, type MetricsSink, SUPABASE_METRIC_DIMENSION, SUPABASE_METRICS } from "./metrics.js";
import type { SupabaseUsageReader } from "./ports.js";
import { advanceEgress, type EgressLedger, type EgressStep, type UsageReading, usageMetrics } from "./usage.js";

export interface CollectContext {
  projectRef: string;
  quotaBytes: number;
  reader: SupabaseUsageReader;
  store: ItemStore;
  metrics: MetricsSink;
  now: () => Date;
}

export type CollectReport =
  | {
      ok: true;
      source: UsageReading["source"];
      connections: UsageReading["connections"];
      egress?: { deltaBytes?: number; monthToDateBytes: number; resets: string[]; recorded: boolean };
      published: MetricDatum[];
    }
  | { ok: false; reason: SupabaseReadError["reason"]; message: string; published: MetricDatum[] };

/**
 * Collects once.
 * @example (await collectSupabaseUsage(ctx)).published.map((m) => m.name) // ["ConnectionUtilization", ...]
 */
export async function collectSupabaseUsage(ctx: CollectContext): Promise<CollectReport> {
  const dimensions = { [SUPABASE_METRIC_DIMENSION]: ctx.projectRef };
  let reading: UsageReading;
  try {
    reading = await ctx.reader.read();
  } catch (error) {
    if (!(error instanceof SupabaseReadError)) throw error;
    const published: MetricDatum[] = [{ name: SUPABASE_METRICS.collectorErrors, unit: "Count", value: 1 }];
    ctx.metrics.publish(dimensions, published, { reason: error.reason });
    return { ok: false, reason: error.reason, message: error.message, published };
  }
  const egress = reading.egressCounters ? await recordEgress(ctx, reading.egressCounters) : undefined;
  // A run that lost both writes to an overlapping one does not publish a delta that one already counted.
  const step = egress && (egress.recorded ? egress.step : { ...egress.step, deltaBytes: undefined });
  const published = usageMetrics(reading, step, ctx.quotaBytes);
  ctx.metrics.publish(dimensions, published, { source: reading.source });
  return {
    ok: true,
    source: reading.source,
    connections: reading.connections,
    ...(egress && {
      egress: {
        deltaBytes: egress.step.deltaBytes,
        monthToDateBytes: egress.step.ledger.monthToDateBytes,
        resets: egress.step.resets,
        recorded: egress.recorded,
      },
    }),
    published,
  };
}

/** The state-table item holding the project's egress ledger. */
export function egressKey(projectRef: string) {
  return { pk: `SUPABASE#${projectRef}`, sk: "EGRESS" };
}

export async function readEgressLedger(store: ItemStore, projectRef: string): Promise<EgressLedger | undefined> {
  const key = egressKey(projectRef);
  const item = await store.get(key.pk, key.sk);
  return item ? (item.ledger as EgressLedger) : undefined;
}

/**
 * Advances the ledger with an optimistic conditional write. Two overlapping runs (a late schedule, a retry)
 * cannot both add the same bytes: the loser re-reads and advances from the winner's counters. Skipping a
 * write loses nothing either, since the next run's delta is taken from the counters that were stored.
 */
async function recordEgress(
  ctx: CollectContext,
  counters: Record<string, number>,
): Promise<{ step: EgressStep; recorded: boolean }> {
  const key = egressKey(ctx.projectRef);
  let step: EgressStep | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const item = await ctx.store.get(key.pk, key.sk);
    const version = typeof item?.version === "number" ? item.version : 0;
    step = advanceEgress(item?.ledger as EgressLedger | undefined, counters, ctx.now());
    const written = await ctx.store.put(
      { ...key, ledger: step.ledger, version: version + 1 },
      item ? { kind: "equals", attribute: "version", value: version } : { kind: "absent" },
    );
    if (written) return { step, recorded: true };
  }
  return { step: step as EgressStep, recorded: false };
}
