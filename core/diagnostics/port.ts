/**
 * What "investigate" attaches to a notification: the service's state, deployments, recent ECS events and the
 * last minutes of its metrics (one GetMetricData call), plus top error log lines where a log group is set.
 */
import type { Service } from "../matrix/tiers.js";

export interface MetricSeries {
  /** e.g. `CPUUtilization`, `MemoryUtilization`, `RequestCount`, `TargetResponseTime p95`, `HTTPCode_Target_5XX_Count`. */
  label: string;
  unit: "Percent" | "Seconds" | "Count";
  /** Oldest first. */
  points: { at: string; value: number }[];
}

export interface ServiceDiagnostics {
  service: Service;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  deployments: { id: string; status: string; rolloutState?: string; createdAt: string; updatedAt?: string }[];
  /** Whether a deployment started within the last 30 minutes. */
  recentDeployment: boolean;
  /** The newest ECS service events, newest first. */
  events: { at: string; message: string }[];
  metrics: MetricSeries[];
  /** Top error log lines (CloudWatch Logs Insights), when the service has a log group configured. */
  errorLogLines?: { count: number; message: string }[];
  /** What could not be collected and why, e.g. "error log query did not finish within 8 s". */
  notes?: string[];
}

export type DiagnosticMetric = "cpu" | "memory" | "requests" | "latencyP95" | "target5xx" | "elb5xx";

export interface CollectOptions {
  metrics: readonly DiagnosticMetric[];
  minutes: number;
  errorLogs?: boolean;
  /**
   * The error log query is started at once but its results are first asked for when this settles: a page
   * starts the query beside its reads and asks for the results once it has decided to page, beside its claim.
   */
  errorLogResultsAfter?: Promise<unknown>;
}

export interface DiagnosticsReader {
  collect(service: Service, options: CollectOptions): Promise<ServiceDiagnostics>;
}
