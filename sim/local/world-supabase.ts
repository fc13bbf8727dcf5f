/**
 * The Supabase part of the local world: what the usage reader, the metric history, the ticket tracker and
 * the query-statistics reader would return. The default matches the prod samples: a Small compute at
 * 78 of 90 connections, a rising last hour, the jobs query the seed indexes.
 */
import * as z from "zod";
import type { QueryInsights } from "../../core/insights/types.js";
import { SupabaseReadError } from "../../core/supabase/errors.js";
import type { MetricDatum } from "../../core/supabase/metrics.js";
import type { MetricPoint, SupabasePorts } from "../../core/supabase/ports.js";

const Point = z.strictObject({ at: z.iso.datetime({ offset: true }), value: z.number() });
const Stat = z.strictObject({
  queryId: z.string(),
  query: z.string(),
  role: z.string(),
  calls: z.number().nonnegative(),
  rows: z.number().nonnegative(),
  totalTimeMs: z.number().nonnegative(),
  meanTimeMs: z.number().nonnegative(),
  maxTimeMs: z.number().nonnegative(),
});
const Insights = z.strictObject({
  mostRows: z.array(Stat),
  mostTime: z.array(Stat),
  mostFrequent: z.array(Stat),
  advice: z.array(
    z.strictObject({
      queryId: z.string(),
      statements: z.array(z.string()),
      source: z.enum(["index_advisor", "hypopg", "heuristic"]),
      costBefore: z.number().optional(),
      costAfter: z.number().optional(),
      note: z.string().optional(),
    }),
  ),
  seqScanTables: z.array(
    z.strictObject({
      table: z.string(),
      seqScans: z.number(),
      seqRowsRead: z.number(),
      indexScans: z.number(),
      liveRows: z.number(),
    }),
  ),
  advisor: z.enum(["index_advisor", "hypopg", "heuristic"]),
  statsSince: z.string().optional(),
});

export const SupabaseWorldSchema = z.strictObject({
  /** A reading of the project's usage, or the reason the read fails. */
  usage: z.union([
    z.strictObject({
      source: z.enum(["prometheus", "sql"]).default("prometheus"),
      activeConnections: z.number().int().nonnegative(),
      maxConnections: z.number().int().positive(),
      /** Cumulative transmit-byte counters by series. */
      egressCounters: z.record(z.string(), z.number().nonnegative()).optional(),
    }),
    z.strictObject({
      error: z.enum([
        "unauthorized",
        "http-status",
        "unreachable",
        "timeout",
        "malformed",
        "missing-metric",
        "database",
      ]),
      message: z.string(),
    }),
  ]),
  /** The collector's metrics over the last hour by name (one-minute maxima, oldest first). */
  history: z.record(z.string(), z.array(Point)).default({}),
  /** Ticket states in the tracker by ticket ref (GitHub issue number); unlisted tickets are open. */
  tickets: z.record(z.string(), z.enum(["open", "closed"])).default({}),
  /** What pg_stat_statements and the index advisor report, or why they cannot be read. */
  insights: z.union([Insights, z.strictObject({ unavailable: z.string() })]),
});
export type SupabaseWorld = z.infer<typeof SupabaseWorldSchema>;

const JOBS_QUERY = "select id, title, status, scheduled_for from public.jobs where business_id = $1 and status = $2";
const INVOICES_QUERY = "select * from public.invoices where customer_email = $1 order by issued_at desc";

function lastHour(end: string, from: number, to: number): MetricPoint[] {
  return Array.from({ length: 60 }, (_, i) => ({
    at: new Date(Date.parse(end) - (59 - i) * 60_000).toISOString(),
    value: Math.round((from + ((to - from) * i) / 59) * 100) / 100,
  }));
}

export const DEFAULT_SUPABASE_WORLD: z.input<typeof SupabaseWorldSchema> = {
  usage: {
    activeConnections: 78,
    maxConnections: 90,
    egressCounters: {
      'db_transmit_bytes{service_type="db",supabase_project_ref="hero365prodprojectrf"}': 201_075_000_000,
    },
  },
  history: {
    ConnectionUtilization: lastHour("2026-11-27T18:05:00Z", 61, 86.67),
    ActiveConnections: lastHour("2026-11-27T18:05:00Z", 55, 78),
    MaxConnections: lastHour("2026-11-27T18:05:00Z", 90, 90),
  },
  insights: {
    mostRows: [
      stat("4301", JOBS_QUERY, 182_400, 14_592_000, 912_000),
      stat("8812", INVOICES_QUERY, 9_800, 1_960_000, 301_000),
    ],
    mostTime: [stat("4301", JOBS_QUERY, 182_400, 14_592_000, 912_000)],
    mostFrequent: [stat("1177", "select id, name from public.businesses where id = $1", 640_000, 640_000, 21_000)],
    advice: [
      {
        queryId: "4301",
        source: "hypopg",
        statements: [
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_jobs_business_id_status ON public.jobs USING btree (business_id, status);",
        ],
        costBefore: 1843,
        costAfter: 12,
      },
      {
        queryId: "8812",
        source: "hypopg",
        statements: [
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_invoices_customer_email ON public.invoices USING btree (customer_email);",
        ],
        costBefore: 4120,
        costAfter: 9,
      },
    ],
    seqScanTables: [
      { table: "public.invoices", seqScans: 9_811, seqRowsRead: 1_471_650_000, indexScans: 120, liveRows: 150_000 },
    ],
    advisor: "hypopg",
    statsSince: "2026-11-01T00:00:00.000Z",
  },
};

function stat(queryId: string, query: string, calls: number, rows: number, totalTimeMs: number) {
  return {
    queryId,
    query,
    role: "authenticated",
    calls,
    rows,
    totalTimeMs,
    meanTimeMs: totalTimeMs / calls,
    maxTimeMs: (totalTimeMs / calls) * 40,
  };
}

/** Ports over the world; what the collector publishes is kept in `published` (and in its result). */
export function worldSupabasePorts(
  world: SupabaseWorld,
  _now: () => Date,
): SupabasePorts & { published: MetricDatum[][] } {
  const published: MetricDatum[][] = [];
  return {
    published,
    usage: {
      async read() {
        const u = world.usage;
        if ("error" in u) throw new SupabaseReadError(u.error, u.message);
        return {
          source: u.source,
          connections: { active: u.activeConnections, max: u.maxConnections },
          ...(u.egressCounters && { egressCounters: u.egressCounters }),
        };
      },
    },
    metrics: { publish: (_dimensions, data) => void published.push([...data]) },
    history: { read: async (name) => world.history[name] ?? [] },
    tickets: { state: async (ref) => world.tickets[ref] ?? "open" },
    insights: {
      async read() {
        if ("unavailable" in world.insights) {
          const { InsightsUnavailableError } = await import("../../core/insights/errors.js");
          throw new InsightsUnavailableError(world.insights.unavailable);
        }
        return world.insights as QueryInsights;
      },
    },
  };
}
