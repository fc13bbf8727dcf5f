/**
 * Metrics as CloudWatch Embedded Metric Format through Powertools: one JSON line on stdout per batch, turned
 * into metrics by CloudWatch Logs, with no API call in the invocation.
 */
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MetricsSink } from "../../supabase/metrics.js";

export function emfMetricsSink(namespace: string): MetricsSink {
  return {
    publish(dimensions, data, metadata = {}) {
      const metrics = new Metrics({ namespace });
      // Powertools adds a `service` dimension by default; the alarms address the metrics by ProjectRef alone,
      // and CloudWatch matches every dimension, so the batch carries exactly the ones asked for.
      metrics.clearDefaultDimensions();
      metrics.setDefaultDimensions(dimensions);
      for (const [key, value] of Object.entries(metadata)) metrics.addMetadata(key, value);
      for (const datum of data) {
        // A log-only measurement is a plain field of the same line: Logs Insights reads it, CloudWatch bills nothing.
        // Powertools types metadata as strings but writes any JSON value; the number stays a number.
        if (datum.logOnly) metrics.addMetadata(datum.name, datum.value as unknown as string);
        else metrics.addMetric(datum.name, MetricUnit[datum.unit], datum.value);
      }
      metrics.publishStoredMetrics();
    },
  };
}
