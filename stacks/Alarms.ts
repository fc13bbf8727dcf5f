import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type { StackContext } from "sst/constructs";
import { alarmName } from "../core/alarms/name.js";
import { stageConfig } from "../core/config/index.js";
import type { StageConfig } from "../core/config/schema.js";
import { stageLoadBalancer } from "../core/matrix/load-balancer.js";
import {
  type AlarmTarget,
  type DimensionKind,
  isServiceTarget,
  type MatrixRow,
  type MetricSpec,
  ROWS,
  targetsOf,
} from "../core/matrix/rows.js";

/**
 * One CloudWatch alarm per matrix row and target. The alarms have no actions of their own: CloudWatch sends
 * every state change to the default event bus, where the reaction rules pick them up by name. Only a named
 * stage owns them: a personal stage reacts to the alarms of the stage it shadows and creates none.
 */
export function Alarms({ stack, app }: StackContext) {
  const config = stageConfig(app.stage);
  const alarms: cloudwatch.Alarm[] = [];
  if (config.role.kind !== "named") return { alarms };
  for (const row of ROWS) {
    for (const target of targetsOf(row)) {
      const name = alarmName(app.stage, row.id, target);
      alarms.push(
        new cloudwatch.Alarm(stack, `Alarm-${row.id}-${target}`, {
          alarmName: name,
          alarmDescription: `${row.title} on ${target} (${row.evaluationPeriods} × ${row.periodSeconds / 60} min). When it fires, the pipeline ${row.reaction}. Missing data: ${row.treatMissingData}, because ${row.missingDataReason}.`,
          metric: signalOf(row, target, config),
          threshold: row.threshold,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: row.evaluationPeriods,
          datapointsToAlarm: row.evaluationPeriods,
          treatMissingData: row.treatMissingData as cloudwatch.TreatMissingData,
        }),
      );
    }
  }
  return { alarms };
}

function signalOf(row: MatrixRow, target: AlarmTarget, config: StageConfig): cloudwatch.IMetric {
  const period = Duration.seconds(row.periodSeconds);
  const statistic = (spec: MetricSpec) =>
    row.id === "response-time-high" ? config.responseTimeStatistic : spec.statistic;
  const metric = (spec: MetricSpec) =>
    new cloudwatch.Metric({
      namespace: spec.namespace,
      metricName: spec.metricName,
      statistic: statistic(spec),
      period,
      dimensionsMap: dimensions(spec.dimensions, target, config),
    });
  if (row.signal.kind === "metric") return metric(row.signal.metric);
  return new cloudwatch.MathExpression({
    expression: row.signal.expression,
    label: row.signal.label,
    period,
    usingMetrics: Object.fromEntries(Object.entries(row.signal.metrics).map(([id, spec]) => [id, metric(spec)])),
  });
}

function dimensions(kinds: readonly DimensionKind[], target: AlarmTarget, config: StageConfig) {
  const service = isServiceTarget(target) ? config.ecs.services[target] : undefined;
  const value = (kind: DimensionKind): string => {
    if (kind === "ProjectRef") return config.supabase.projectRef;
    if (kind === "ClusterName") return config.ecs.clusterName;
    if (kind === "LoadBalancer" && target === "alb") return stageLoadBalancer(config);
    if (!service) throw new Error(`dimension ${kind} needs an ECS service, not ${target}`);
    if (kind === "ServiceName") return service.serviceName;
    if (kind === "LoadBalancer") return service.loadBalancerFullName;
    return service.targetGroupFullName;
  };
  return Object.fromEntries(kinds.map((kind) => [kind, value(kind)]));
}
