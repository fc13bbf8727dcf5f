/**
 * Real history as a scenario: what `aws cloudwatch get-metric-data` prints for the queries below (one-minute
 * or five-minute periods) becomes a trace minute by minute. Each service's requests are its load and its 5xx
 * its error rate; Supabase's connection and egress utilisation are replayed as they were. CPU, memory and the
 * p95 are not replayed: the capacity model computes them from the load and the tasks each strategy runs
 * (replaying them would pin them whatever runs the services). With the running task count and the CPU, the
 * model's requests per vCPU-minute is fitted to the service's own history.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import * as z from "zod";
import type { StageConfig } from "../core/config/index.js";
import { describeIssues } from "../core/kernel/parse.js";
import { SUPABASE_NAMESPACE } from "../core/matrix/rows.js";
import { SERVICES, TIERS } from "../core/matrix/tiers.js";
import { SUPABASE_METRIC_DIMENSION, SUPABASE_METRICS } from "../core/supabase/metrics.js";
import { DEFAULT_MODEL } from "./capacity.js";
import { ScenarioError } from "./errors.js";
import { parseScenario, type Scenario } from "./scenario.js";

export const MetricExportSchema = z.looseObject({
  MetricDataResults: z
    .array(
      z.looseObject({
        Id: z.string().min(1),
        Label: z.string().optional(),
        Timestamps: z.array(z.iso.datetime({ offset: true })),
        Values: z.array(z.number()),
        StatusCode: z.string().optional(),
      }),
    )
    .min(1),
  Messages: z.array(z.unknown()).optional(),
});
export type MetricExport = z.infer<typeof MetricExportSchema>;

/** The series a trace is built from, by query id: `<service>_<signal>` and `supabase_<signal>`. */
const SERVICE_SIGNALS = ["requests", "errors5xx", "cpu", "tasks"] as const;
const SUPABASE_SIGNALS = ["connections", "egress"] as const;

/**
 * The GetMetricData queries of a stage, at `period` seconds: what to export (and what `--live` fetches).
 * @example metricQueries(stageConfig("prod"), 60).map((q) => q.Id) // ["backend_requests", ...]
 */
export function metricQueries(config: StageConfig, period: 60 | 300): MetricDataQuery[] {
  const queries: MetricDataQuery[] = [];
  const stat = (id: string, namespace: string, name: string, dims: Record<string, string>, statistic: string) =>
    queries.push({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: namespace,
          MetricName: name,
          Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
        },
        Period: period,
        Stat: statistic,
      },
      ReturnData: true,
    });
  for (const service of SERVICES) {
    const target = config.ecs.services[service];
    const alb = { LoadBalancer: target.loadBalancerFullName, TargetGroup: target.targetGroupFullName };
    const ecs = { ClusterName: config.ecs.clusterName, ServiceName: target.serviceName };
    stat(`${service}_requests`, "AWS/ApplicationELB", "RequestCount", alb, "Sum");
    stat(`${service}_errors5xx`, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", alb, "Sum");
    stat(`${service}_cpu`, "AWS/ECS", "CPUUtilization", ecs, "Average");
    stat(`${service}_tasks`, "ECS/ContainerInsights", "RunningTaskCount", ecs, "Average");
  }
  const project = { [SUPABASE_METRIC_DIMENSION]: config.supabase.projectRef };
  stat("supabase_connections", SUPABASE_NAMESPACE, SUPABASE_METRICS.connectionUtilization, project, "Maximum");
  stat("supabase_egress", SUPABASE_NAMESPACE, SUPABASE_METRICS.egressUtilization, project, "Maximum");
  return queries;
}

interface Series {
  /** Epoch ms of each period's start, ascending. */
  at: number[];
  values: number[];
}

/** The export as a scenario on `stage`, from its first period to the end of its last. */
export function scenarioFromMetrics(
  json: unknown,
  options: { stage: string; config: StageConfig; name: string },
): Scenario {
  const parsed = MetricExportSchema.safeParse(json);
  if (!parsed.success)
    throw new ScenarioError(`${options.name} is not a GetMetricData export: ${describeIssues(parsed.error.issues)}`);
  const series = new Map<string, Series>();
  for (const result of parsed.data.MetricDataResults) {
    if (result.Timestamps.length !== result.Values.length)
      throw new ScenarioError(
        `${options.name}: MetricDataResults "${result.Id}" has ${result.Timestamps.length} timestamps and ${result.Values.length} values`,
      );
    const points = result.Timestamps.map((t, i) => [Date.parse(t), result.Values[i] as number] as const).sort(
      (a, b) => a[0] - b[0],
    );
    series.set(result.Id, { at: points.map((p) => p[0]), values: points.map((p) => p[1]) });
  }
  const known = [
    ...SERVICES.flatMap((s) => SERVICE_SIGNALS.map((signal) => `${s}_${signal}`)),
    ...SUPABASE_SIGNALS.map((signal) => `supabase_${signal}`),
  ];
  const unknown = [...series.keys()].filter((id) => !known.includes(id));
  if (unknown.length)
    throw new ScenarioError(
      `${options.name}: unknown query id ${unknown.map((id) => `"${id}"`).join(", ")} (expected ${known.join(", ")})`,
    );
  const all = [...series.values()].filter((s) => s.at.length > 0);
  if (all.length === 0) throw new ScenarioError(`${options.name}: every series is empty`);
  const period = periodOf(all, options.name);
  const start = Math.min(...all.map((s) => s.at[0] as number));
  const end = Math.max(...all.map((s) => s.at.at(-1) as number)) + period;
  const slots = (end - start) / period;
  const perMinute = period / 60_000;
  const slot = (id: string): (number | undefined)[] => {
    const out: (number | undefined)[] = new Array(slots).fill(undefined);
    const s = series.get(id);
    s?.at.forEach((at, i) => {
      out[(at - start) / period] = s.values[i];
    });
    return out;
  };
  const tier = TIERS[options.config.tier];
  const services: Record<string, unknown> = {};
  for (const service of SERVICES) {
    if (!series.get(`${service}_requests`)?.at.length) continue;
    const requests = slot(`${service}_requests`);
    const errors = slot(`${service}_errors5xx`);
    const tasks = slot(`${service}_tasks`);
    const size = tier.services[service];
    const phases = requests.map((count, i) => {
      const rpm = (count ?? 0) / perMinute;
      const failed = errors[i] ?? 0;
      return {
        minutes: perMinute,
        rpm,
        ...(count && failed > 0 && { errorRate: Math.min(100, (failed / count) * 100) }),
      };
    });
    const first = tasks.find((t) => t !== undefined);
    const rpmPerVcpu = fittedRpmPerVcpu(requests, slot(`${service}_cpu`), tasks, perMinute, size.cpu);
    services[service] = {
      phases,
      ...(first !== undefined && {
        initialTasks: Math.min(size.maxCapacity, Math.max(size.minCapacity, Math.round(first))),
      }),
      ...(rpmPerVcpu && { model: { rpmPerVcpu } }),
    };
  }
  const connections = slot("supabase_connections");
  const egress = slot("supabase_egress");
  const hasSupabase = connections.some((v) => v !== undefined) || egress.some((v) => v !== undefined);
  return parseScenario(
    {
      name: `CloudWatch history: ${options.name}`,
      description: `Replayed from a GetMetricData export, ${period / 60_000}-minute periods.`,
      stage: options.stage,
      start: new Date(start).toISOString(),
      minutes: (end - start) / 60_000,
      noise: 0,
      services,
      ...(hasSupabase && {
        supabase: {
          phases: connections.map((c, i) => ({
            minutes: perMinute,
            ...(c !== undefined && { connections: Math.min(100, c) }),
            ...(egress[i] !== undefined && { egress: Math.min(100, egress[i] as number) }),
          })),
        },
      }),
    },
    options.name,
  );
}

function periodOf(all: Series[], name: string): number {
  let period = Number.POSITIVE_INFINITY;
  for (const s of all)
    for (let i = 1; i < s.at.length; i++) period = Math.min(period, (s.at[i] as number) - (s.at[i - 1] as number));
  if (!Number.isFinite(period)) period = 60_000;
  if (period !== 60_000 && period !== 300_000)
    throw new ScenarioError(
      `${name}: periods of ${period / 1000} s; export one-minute (60) or five-minute (300) periods`,
    );
  for (const s of all) {
    if (s.at.some((at) => (at - (s.at[0] as number)) % period !== 0))
      throw new ScenarioError(`${name}: timestamps off the ${period / 1000}-second grid`);
  }
  return period;
}

/**
 * Requests per vCPU-minute at 100 % CPU, from the periods where the service was busy enough for CPU to say
 * something (over 20 %): the median of `rpm / (tasks × vCPU × u)` with `u` from the model's CPU line.
 */
function fittedRpmPerVcpu(
  requests: (number | undefined)[],
  cpu: (number | undefined)[],
  tasks: (number | undefined)[],
  perMinute: number,
  taskCpu: number,
): number | undefined {
  const estimates: number[] = [];
  requests.forEach((count, i) => {
    const c = cpu[i];
    const n = tasks[i];
    if (count === undefined || c === undefined || n === undefined || n <= 0 || c < 20) return;
    const u = (c - DEFAULT_MODEL.idleCpu) / (100 - DEFAULT_MODEL.idleCpu);
    estimates.push(count / perMinute / (n * (taskCpu / 1024) * u));
  });
  if (estimates.length < 10) return undefined;
  estimates.sort((a, b) => a - b);
  return Math.round(estimates[Math.floor(estimates.length / 2)] as number);
}
