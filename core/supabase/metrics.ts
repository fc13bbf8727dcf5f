/**
 * What the collector measures (namespace `Hero365/Supabase`, one dimension `ProjectRef`). Only what drives an
 * alarm or a decision is a CloudWatch metric (each costs $0.30/month); the rest rides on the same EMF log line
 * as plain fields, queried on demand with Logs Insights (docs/cost.md).
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

/**
 * How each measurement is published: `alarm` always as a metric (an alarm watches it, missing data means
 * something); `decision` as a metric only near the alarm that reads it (`CONNECTION_COUNTS_FROM_PERCENT`), a
 * log field otherwise, so CloudWatch bills it only for the hours it was sent; `log` always as a log field.
 */
export const SUPABASE_METRIC_PUBLISHING: Record<SupabaseMetricName, "alarm" | "decision" | "log"> = {
  ConnectionUtilization: "alarm",
  EgressUtilization: "alarm",
  CollectorErrors: "alarm",
  // The plan-upgrade ticket quotes the last connection counts when db-connections-high fires.
  ActiveConnections: "decision",
  MaxConnections: "decision",
  EgressBytes: "log",
  EgressMonthToDateBytes: "log",
};

/**
 * Connection utilisation from which the connection counts are metrics: 20 points below the db-connections-high
 * alarm's 80 %, so the minutes that fire it (and the ticket's last reading) always carry them.
 */
export const CONNECTION_COUNTS_FROM_PERCENT = 60;

export type SupabaseMetricName = (typeof SUPABASE_METRICS)[keyof typeof SUPABASE_METRICS];

export interface MetricDatum {
  name: SupabaseMetricName;
  unit: "Percent" | "Count" | "Bytes";
  value: number;
  /** A log field on the EMF line, not a CloudWatch metric (see `SUPABASE_METRIC_PUBLISHING`). */
  logOnly?: true;
}

/** Publishes one batch of metrics with the given dimensions (EMF in Lambda). */
export interface MetricsSink {
  publish(dimensions: Record<string, string>, data: readonly MetricDatum[], metadata?: Record<string, string>): void;
}
