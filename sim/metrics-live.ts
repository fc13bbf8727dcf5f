/**
 * `--from-metrics --live`: the stage's history fetched with GetMetricData under the caller's credentials, in
 * the shape `aws cloudwatch get-metric-data` prints, so it replays exactly like an exported file.
 * CloudWatch keeps one-minute datapoints for 15 days and five-minute ones for 63 days:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention
 */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { StageConfig } from "../core/config/index.js";
import { ScenarioError } from "./errors.js";
import { type MetricExport, metricQueries } from "./metrics-history.js";

const ONE_MINUTE_RETENTION_MS = 15 * 86_400_000;
const FIVE_MINUTE_RETENTION_MS = 63 * 86_400_000;

export async function fetchMetricExport(
  client: CloudWatchClient,
  config: StageConfig,
  options: { sinceMs: number; now: Date },
): Promise<MetricExport> {
  if (options.sinceMs > FIVE_MINUTE_RETENTION_MS)
    throw new ScenarioError("--since: CloudWatch keeps five-minute datapoints for 63 days; ask for 63d or less");
  const period = options.sinceMs <= ONE_MINUTE_RETENTION_MS ? 60 : 300;
  const end = Math.floor(options.now.getTime() / (period * 1000)) * period * 1000;
  const byId = new Map<string, { Id: string; Label?: string; Timestamps: string[]; Values: number[] }>();
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: metricQueries(config, period),
        StartTime: new Date(end - options.sinceMs),
        EndTime: new Date(end),
        ScanBy: "TimestampAscending",
        NextToken,
      }),
    );
    for (const result of page.MetricDataResults ?? []) merge(byId, result);
    NextToken = page.NextToken;
  } while (NextToken);
  return { MetricDataResults: [...byId.values()], Messages: [] };
}

function merge(
  byId: Map<string, { Id: string; Label?: string; Timestamps: string[]; Values: number[] }>,
  result: MetricDataResult,
): void {
  if (!result.Id) return;
  const into = byId.get(result.Id) ?? { Id: result.Id, Label: result.Label, Timestamps: [], Values: [] };
  // A page holds up to 100,800 datapoints: appended one by one, never spread into arguments.
  for (const t of result.Timestamps ?? []) into.Timestamps.push(t.toISOString());
  for (const v of result.Values ?? []) into.Values.push(v);
  byId.set(result.Id, into);
}
