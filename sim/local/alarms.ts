/**
 * The CloudWatch alarms exactly as the stacks deploy them, read from the synthesized templates: name,
 * description, threshold, windows and the metrics behind them, in the shape a state change event carries
 * them (`detail.configuration`). The simulator emits its events with these.
 */
import type { Synthesized } from "./synth.js";

export interface DeployedAlarm {
  name: string;
  description: string;
  comparisonOperator: string;
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: string;
  /** `Average`, `Maximum`, `p95`, ...; undefined for a metric-math alarm. */
  statistic: string | undefined;
  /** `detail.configuration.metrics` of the alarm's state change events. */
  metrics: EventMetric[];
}

// A type, not an interface: it must fit the event schema's open (index-signature) objects.
export type EventMetric = {
  id: string;
  expression?: string;
  label?: string;
  returnData: boolean;
  metricStat?: {
    metric: { namespace: string; name: string; dimensions: Record<string, string> };
    period: number;
    stat: string;
  };
};

interface Dimension {
  Name: string;
  Value: string;
}
interface MetricStatProps {
  Metric: { Namespace: string; MetricName: string; Dimensions?: Dimension[] };
  Period: number;
  Stat: string;
}
interface AlarmProps {
  AlarmName: string;
  AlarmDescription?: string;
  ComparisonOperator: string;
  Threshold: number;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  TreatMissingData?: string;
  Period?: number;
  Statistic?: string;
  ExtendedStatistic?: string;
  Namespace?: string;
  MetricName?: string;
  Dimensions?: Dimension[];
  Metrics?: { Id: string; Expression?: string; Label?: string; ReturnData?: boolean; MetricStat?: MetricStatProps }[];
}

export function deployedAlarms(app: Synthesized): DeployedAlarm[] {
  const alarms: DeployedAlarm[] = [];
  for (const { template } of app.stacks) {
    const resources = (template.Resources ?? {}) as Record<string, { Type: string; Properties: AlarmProps }>;
    for (const resource of Object.values(resources)) {
      if (resource.Type !== "AWS::CloudWatch::Alarm") continue;
      const p = resource.Properties;
      const statistic = p.Statistic ?? p.ExtendedStatistic;
      const period = p.Period ?? p.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Period ?? 60;
      alarms.push({
        name: p.AlarmName,
        description: p.AlarmDescription ?? "",
        comparisonOperator: p.ComparisonOperator,
        threshold: p.Threshold,
        periodSeconds: period,
        evaluationPeriods: p.EvaluationPeriods,
        datapointsToAlarm: p.DatapointsToAlarm ?? p.EvaluationPeriods,
        treatMissingData: p.TreatMissingData ?? "missing",
        statistic: p.Metrics ? undefined : statistic,
        metrics: p.Metrics
          ? p.Metrics.map((m) => ({
              id: m.Id,
              ...(m.Expression && { expression: m.Expression }),
              ...(m.Label && { label: m.Label }),
              returnData: m.ReturnData ?? true,
              ...(m.MetricStat && { metricStat: metricStat(m.MetricStat) }),
            }))
          : [
              {
                id: "m1",
                returnData: true,
                metricStat: metricStat({
                  Metric: { Namespace: p.Namespace ?? "", MetricName: p.MetricName ?? "", Dimensions: p.Dimensions },
                  Period: period,
                  Stat: statistic ?? "Average",
                }),
              },
            ],
      });
    }
  }
  return alarms;
}

function metricStat(s: MetricStatProps): NonNullable<EventMetric["metricStat"]> {
  return {
    metric: {
      namespace: s.Metric.Namespace,
      name: s.Metric.MetricName,
      dimensions: Object.fromEntries((s.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value])),
    },
    period: s.Period,
    stat: s.Stat,
  };
}
