/**
 * Ports of the Supabase signals: reading usage (Prometheus endpoint or SQL), publishing metrics, reading a
 * metric's recent history, looking up a ticket, and reading query statistics. Adapters live in core/adapters/.
 */
import type { QueryInsightsReader } from "../insights/types.js";
import type { TicketTracker } from "../tickets/types.js";
import type { MetricsSink } from "./metrics.js";
import type { UsageReading } from "./usage.js";

export interface SupabaseUsageReader {
  /** Throws a `SupabaseReadError` naming why nothing could be measured. */
  read(): Promise<UsageReading>;
}

export interface MetricPoint {
  at: string;
  value: number;
}

export interface MetricHistoryReader {
  /** One-minute maxima of a `Hero365/Supabase` metric for the project over the last `minutes`, oldest first. */
  read(metricName: string, minutes: number): Promise<MetricPoint[]>;
}

export interface SupabasePorts {
  usage: SupabaseUsageReader;
  metrics: MetricsSink;
  history: MetricHistoryReader;
  tickets: TicketTracker;
  insights: QueryInsightsReader;
}
