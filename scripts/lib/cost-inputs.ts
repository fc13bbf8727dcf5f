/** What the cost model reads from the app itself: alarms from the synthesized stacks, the collector's metrics. */
import { ROWS } from "../../core/matrix/rows.js";
import { SUPABASE_METRIC_PUBLISHING } from "../../core/supabase/metrics.js";
import { synthesize } from "../../sim/local/synth.js";

const MATRIX_PREFIX = (stage: string) => new RegExp(`^hero365-${stage}-(${ROWS.map((r) => r.id).join("|")})-`);

/** What the stage's stacks create that is billed by the count: alarms, and queues long-polled by Lambda. */
export async function templateCounts(stage: string) {
  const app = await synthesize(stage, { bundle: false });
  const counts = { matrix: 0, matrixMetrics: 0, pipeline: 0, pipelineMetrics: 0 };
  let sqsConsumers = 0;
  for (const { template } of app.stacks) {
    for (const resource of Object.values(
      (template.Resources ?? {}) as Record<
        string,
        { Type: string; Properties: { AlarmName?: unknown; Metrics?: { MetricStat?: unknown }[] } }
      >,
    )) {
      if (resource.Type === "AWS::Lambda::EventSourceMapping" && isSqsSource(resource.Properties, template))
        sqsConsumers += 1;
      if (resource.Type !== "AWS::CloudWatch::Alarm") continue;
      // A metric-math alarm is billed per metric it evaluates.
      const metrics = resource.Properties.Metrics
        ? resource.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length
        : 1;
      const matrix =
        typeof resource.Properties.AlarmName === "string" && MATRIX_PREFIX(stage).test(resource.Properties.AlarmName);
      if (matrix) {
        counts.matrix += 1;
        counts.matrixMetrics += metrics;
      } else {
        counts.pipeline += 1;
        counts.pipelineMetrics += metrics;
      }
    }
  }
  return { alarms: counts, sqsConsumers };
}

/** An event source mapping reads an SQS queue: its EventSourceArn is a queue's `Fn::GetAtt` or an SQS ARN. */
function isSqsSource(properties: unknown, template: Record<string, unknown>): boolean {
  const arn = (properties as { EventSourceArn?: unknown }).EventSourceArn;
  if (typeof arn === "string") return arn.startsWith("arn:aws:sqs:");
  const target = (arn as { "Fn::GetAtt"?: [string, string] } | undefined)?.["Fn::GetAtt"]?.[0];
  const resources = (template.Resources ?? {}) as Record<string, { Type?: string }>;
  return target !== undefined && resources[target]?.Type === "AWS::SQS::Queue";
}

/**
 * Hero365/Supabase metrics the collector publishes, each with one dimension set (ProjectRef): what an alarm
 * watches every minute, what a decision reads only near its alarm. Log-only measurements are not metrics.
 */
export function customMetricCount(): { always: number; nearAlarm: number } {
  const roles = Object.values(SUPABASE_METRIC_PUBLISHING);
  return {
    always: roles.filter((r) => r === "alarm").length,
    nearAlarm: roles.filter((r) => r === "decision").length,
  };
}
