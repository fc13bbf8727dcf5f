/** A metric's recent history from CloudWatch (GetMetricData), for the trend a ticket shows. */
import { type CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { MetricHistoryReader } from "../../supabase/ports.js";

export function cloudWatchHistory(
  client: CloudWatchClient,
  metric: { namespace: string; dimensions: Record<string, string> },
  now: () => Date = () => new Date(),
): MetricHistoryReader {
  return {
    async read(metricName, minutes) {
      const end = now();
      const { MetricDataResults } = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - minutes * 60_000),
          EndTime: end,
          ScanBy: "TimestampAscending",
          MetricDataQueries: [
            {
              Id: "m",
              MetricStat: {
                Metric: {
                  Namespace: metric.namespace,
                  MetricName: metricName,
                  Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
                },
                Period: 60,
                Stat: "Maximum",
              },
            },
          ],
        }),
      );
      const result = MetricDataResults?.[0];
      const times = result?.Timestamps ?? [];
      return (result?.Values ?? []).map((value, i) => ({ at: times[i]?.toISOString() ?? "", value }));
    },
  };
}
