/**
 * Diagnostics for "investigate": ECS DescribeServices (counts, deployments, events) and the last minutes of the
 * service's metrics in one GetMetricData call.
 */
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, type ECSClient } from "@aws-sdk/client-ecs";
import type { StageConfig } from "../../config/index.js";
import type { DiagnosticMetric, DiagnosticsReader, MetricSeries, ServiceDiagnostics } from "../../diagnostics/port.js";
import { AdapterError } from "../../kernel/adapter-errors.js";
import type { Service } from "../../matrix/tiers.js";

const RECENT_DEPLOYMENT_MS = 30 * 60_000;
const EVENTS_KEPT = 10;

interface MetricDefinition {
  label: string;
  unit: MetricSeries["unit"];
  namespace: string;
  metricName: string;
  stat: string;
  dimensions: (service: Service, config: StageConfig) => Record<string, string>;
}

const ecsDims = (service: Service, config: StageConfig) => ({
  ClusterName: config.ecs.clusterName,
  ServiceName: config.ecs.services[service].serviceName,
});
const albDims = (service: Service, config: StageConfig) => ({
  LoadBalancer: config.ecs.services[service].loadBalancerFullName,
  TargetGroup: config.ecs.services[service].targetGroupFullName,
});

export const DIAGNOSTIC_METRICS: Record<DiagnosticMetric, MetricDefinition> = {
  cpu: {
    label: "CPUUtilization",
    unit: "Percent",
    namespace: "AWS/ECS",
    metricName: "CPUUtilization",
    stat: "Average",
    dimensions: ecsDims,
  },
  memory: {
    label: "MemoryUtilization",
    unit: "Percent",
    namespace: "AWS/ECS",
    metricName: "MemoryUtilization",
    stat: "Average",
    dimensions: ecsDims,
  },
  requests: {
    label: "RequestCount",
    unit: "Count",
    namespace: "AWS/ApplicationELB",
    metricName: "RequestCount",
    stat: "Sum",
    dimensions: albDims,
  },
  latencyP95: {
    label: "TargetResponseTime p95",
    unit: "Seconds",
    namespace: "AWS/ApplicationELB",
    metricName: "TargetResponseTime",
    stat: "p95",
    dimensions: albDims,
  },
  target5xx: {
    label: "HTTPCode_Target_5XX_Count",
    unit: "Count",
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_Target_5XX_Count",
    stat: "Sum",
    dimensions: albDims,
  },
  elb5xx: {
    label: "HTTPCode_ELB_5XX_Count",
    unit: "Count",
    namespace: "AWS/ApplicationELB",
    metricName: "HTTPCode_ELB_5XX_Count",
    stat: "Sum",
    dimensions: (service, config) => ({ LoadBalancer: config.ecs.services[service].loadBalancerFullName }),
  },
};

export interface AwsDiagnosticsOptions {
  ecs: ECSClient;
  cloudwatch: CloudWatchClient;
  config: StageConfig;
  now: () => Date;
  /** Top error log lines (Logs Insights), where the runtime has a reader for them; or why they are missing. */
  errorLogs?: (
    service: Service,
    minutes: number,
    resultsAfter?: Promise<unknown>,
  ) => Promise<ServiceDiagnostics["errorLogLines"] | { unavailable: string }>;
}

export function awsDiagnostics(options: AwsDiagnosticsOptions): DiagnosticsReader {
  const { ecs, cloudwatch, config, now } = options;
  return {
    async collect(service, { metrics, minutes, errorLogs, errorLogResultsAfter }) {
      const end = now();
      const start = new Date(end.getTime() - minutes * 60_000);
      const serviceName = config.ecs.services[service].serviceName;
      const queries: MetricDataQuery[] = metrics.map((metric, i) => {
        const def = DIAGNOSTIC_METRICS[metric];
        return {
          Id: `m${i}`,
          Label: def.label,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: def.namespace,
              MetricName: def.metricName,
              Dimensions: Object.entries(def.dimensions(service, config)).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: 60,
            Stat: def.stat,
          },
        };
      });
      const [described, data, logLines] = await Promise.all([
        ecs.send(new DescribeServicesCommand({ cluster: config.ecs.clusterName, services: [serviceName] })),
        queries.length
          ? cloudwatch.send(
              new GetMetricDataCommand({
                StartTime: start,
                EndTime: end,
                MetricDataQueries: queries,
                ScanBy: "TimestampAscending",
              }),
            )
          : Promise.resolve(undefined),
        errorLogs && options.errorLogs
          ? options.errorLogs(service, minutes, errorLogResultsAfter)
          : Promise.resolve(undefined),
      ]);
      const svc = described.services?.[0];
      if (!svc) throw new AdapterError(`ECS service ${config.ecs.clusterName}/${serviceName} not found`);
      const deployments = (svc.deployments ?? []).map((d) => ({
        id: d.id ?? "",
        status: d.status ?? "",
        ...(d.rolloutState && { rolloutState: d.rolloutState }),
        createdAt: d.createdAt?.toISOString() ?? "",
        ...(d.updatedAt && { updatedAt: d.updatedAt.toISOString() }),
      }));
      return {
        service,
        desiredCount: svc.desiredCount ?? 0,
        runningCount: svc.runningCount ?? 0,
        pendingCount: svc.pendingCount ?? 0,
        deployments,
        recentDeployment: deployments.some((d) => end.getTime() - Date.parse(d.createdAt) < RECENT_DEPLOYMENT_MS),
        events: (svc.events ?? [])
          .slice(0, EVENTS_KEPT)
          .map((e) => ({ at: e.createdAt?.toISOString() ?? "", message: e.message ?? "" })),
        metrics: metrics.map((metric, i) => {
          const result = data?.MetricDataResults?.find((r) => r.Id === `m${i}`);
          const def = DIAGNOSTIC_METRICS[metric];
          return {
            label: def.label,
            unit: def.unit,
            points: (result?.Timestamps ?? []).map((t, j) => ({
              at: t.toISOString(),
              value: result?.Values?.[j] ?? 0,
            })),
          };
        }),
        ...(Array.isArray(logLines) && { errorLogLines: logLines }),
        ...(logLines && "unavailable" in logLines && { notes: [logLines.unavailable] }),
      };
    },
  };
}
