/**
 * The custom metrics the collector publishes (namespace `Hero365/Supabase`, one dimension `ProjectRef`).
 * The matrix's Supabase rows alarm on two of them by name; a test keeps the two lists in step.
 */
export const SUPABASE_METRIC_DIMENSION = "ProjectRef";

export const SUPABASE_METRICS = {
  connectionUtilization: "ConnectionUtilization",
  activeConnections: "ActiveConnections",
  maxConnections: "MaxConnections",
  /** Bytes sent since the previous scrape (sum of counter deltas). */
  egressBytes: "EgressBytes",
  egressMonthToDateBytes: "EgressMonthToDateBytes",
  egressUtilization: "EgressUtilization",
  /** 1 for a failed scrape, 0 for a good one: missing means the collector did not run. */
  collectorErrors: "CollectorErrors",
} as const;

export type SupabaseMetricName = (typeof SUPABASE_METRICS)[keyof typeof SUPABASE_METRICS];

export interface MetricDatum {
  name: SupabaseMetricName;
  unit: "Percent" | "Count" | "Bytes";
  value: number;
}

/** Publishes one batch of metrics with the given dimensions (EMF in Lambda). */
export interface MetricsSink {
  publish(dimensions: Record<string, string>, data: readonly MetricDatum[], metadata?: Record<string, string>): void;
}
