/**
 * The scaling decision matrix (seed: "Scaling Decision Matrix"; DESIGN.md §2) as data.
 * The stacks create alarms and rules from it, the handlers decide with it, docs and the local replay read it.
 * Adding a row needs no new plumbing: name a signal, a window and a registered action.
 */
import * as z from "zod";
import { ACTIONS, type ActionName, isActionName } from "../actions/index.js";
import type { ScaleOutOptions } from "../actions/scale-out.js";
import { ConfigurationError } from "../kernel/errors.js";
import { SERVICES, type Service } from "./tiers.js";

export type { ScaleOutOptions };

export const ROW_IDS = [
  "cpu-high",
  "memory-high",
  "response-time-high",
  "error-rate-high",
  "lb-error-rate-high",
  "db-connections-high",
  "bandwidth-high",
  "cpu-critical",
  "memory-critical",
] as const;
export type RowId = (typeof ROW_IDS)[number];

/**
 * `ecs`: one alarm per ECS service; `load-balancer`: one alarm for the load balancer in front of both
 * services; `supabase`: one alarm for the project.
 */
export type RowScope = "ecs" | "load-balancer" | "supabase";
/** `alb`: the stage's application load balancer, which both services share (`stageLoadBalancer`). */
export type AlarmTarget = Service | "alb" | "supabase";

/** CloudWatch `TreatMissingData`, always chosen on purpose (see `missingDataReason`). */
export type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing";
export type Severity = "critical" | "warning" | "info";

/** A metric the alarm reads. Dimension values are resolved per stage and service by the stacks. */
export interface MetricSpec {
  namespace: string;
  metricName: string;
  /** `Average`, `Sum`, `Maximum` or a percentile such as `p95`. */
  statistic: string;
  /** Which dimensions identify the metric; values come from the stage configuration. */
  dimensions: readonly DimensionKind[];
}
export type DimensionKind = "ClusterName" | "ServiceName" | "LoadBalancer" | "TargetGroup" | "ProjectRef";

export type Signal =
  | { kind: "metric"; metric: MetricSpec }
  | {
      kind: "math";
      /** CloudWatch metric-math expression over the ids in `metrics`. */
      expression: string;
      label: string;
      metrics: Readonly<Record<string, MetricSpec>>;
    };

/** What every row says, whatever its action; the rest of a row are its action's options. */
interface RowBase {
  id: RowId;
  title: string;
  scope: RowScope;
  signal: Signal;
  /** The alarm fires when the signal is greater than this, in `unit`. */
  threshold: number;
  unit: "Percent" | "Seconds";
  periodSeconds: number;
  evaluationPeriods: number;
  treatMissingData: TreatMissingData;
  missingDataReason: string;
  action: ActionName;
  severity: Severity;
  /** Seconds to wait after a step before the next one (DESIGN.md §4.7). */
  cooldownSeconds: number;
  /** What the alarm's firing sets in motion; used for the alarm description and docs. */
  reaction: string;
}

/**
 * The fields of `RowBase`; any other field of a row is an option, checked against its action's strict schema
 * (so a field added to RowBase but not here fails loudly at load, as an unknown option).
 */
const ROW_FIELDS = [
  "id",
  "title",
  "scope",
  "signal",
  "threshold",
  "unit",
  "periodSeconds",
  "evaluationPeriods",
  "treatMissingData",
  "missingDataReason",
  "action",
  "severity",
  "cooldownSeconds",
  "reaction",
] as const satisfies readonly (keyof RowBase)[];

export interface MatrixRow extends RowBase {
  /** How a scale-out row sizes its step (DESIGN.md §4.5; `core/actions/scale-out.ts`); absent on other rows. */
  scaleOut?: ScaleOutOptions;
}

const ECS_SERVICE: readonly DimensionKind[] = ["ClusterName", "ServiceName"];
const ALB_TARGET: readonly DimensionKind[] = ["LoadBalancer", "TargetGroup"];
const ALB: readonly DimensionKind[] = ["LoadBalancer"];
const SUPABASE: readonly DimensionKind[] = ["ProjectRef"];

export const SUPABASE_NAMESPACE = "Hero365/Supabase";
const MINUTE = 60;
const DEFAULT_COOLDOWN = 300;

export const MATRIX: Readonly<Record<RowId, MatrixRow>> = {
  "cpu-high": {
    id: "cpu-high",
    title: "CPU above 70 %",
    scope: "ecs",
    signal: {
      kind: "metric",
      metric: {
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        statistic: "Average",
        dimensions: ECS_SERVICE,
      },
    },
    threshold: 70,
    unit: "Percent",
    periodSeconds: MINUTE,
    evaluationPeriods: 5,
    treatMissingData: "notBreaching",
    missingDataReason: "a service that reports nothing has no load to scale for",
    action: "scale-out",
    severity: "warning",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "scales the ECS service out",
    scaleOut: { target: "tierTargetCPU", maxFactor: 2, investigate: false },
  },
  "memory-high": {
    id: "memory-high",
    title: "Memory above 80 %",
    scope: "ecs",
    signal: {
      kind: "metric",
      metric: {
        namespace: "AWS/ECS",
        metricName: "MemoryUtilization",
        statistic: "Average",
        dimensions: ECS_SERVICE,
      },
    },
    threshold: 80,
    unit: "Percent",
    periodSeconds: MINUTE,
    evaluationPeriods: 5,
    treatMissingData: "notBreaching",
    missingDataReason: "a service that reports nothing has no load to scale for",
    action: "scale-out",
    severity: "warning",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "scales the ECS service out",
    scaleOut: { target: 80, maxFactor: 2, investigate: false },
  },
  "response-time-high": {
    id: "response-time-high",
    title: "Response time above 2 s",
    scope: "ecs",
    signal: {
      kind: "metric",
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        statistic: "p95",
        dimensions: ALB_TARGET,
      },
    },
    threshold: 2,
    unit: "Seconds",
    periodSeconds: MINUTE,
    evaluationPeriods: 3,
    treatMissingData: "notBreaching",
    missingDataReason: "no requests means no slow responses",
    action: "scale-out",
    severity: "warning",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "scales the ECS service out and attaches diagnostics to investigate",
    scaleOut: { target: 2, maxFactor: 2, investigate: true },
  },
  "error-rate-high": {
    id: "error-rate-high",
    title: "5xx error rate above 1 %",
    scope: "ecs",
    signal: {
      kind: "math",
      // Only what the service's targets answered: the load balancer's own 5xx have no target-group dimension,
      // so counting them here would page once per service for one fault (`lb-error-rate-high` pages those).
      expression: "100 * FILL(target5xx, 0) / requests",
      label: "5xx error rate of the targets' answers (%)",
      metrics: {
        target5xx: {
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_Target_5XX_Count",
          statistic: "Sum",
          dimensions: ALB_TARGET,
        },
        requests: {
          namespace: "AWS/ApplicationELB",
          metricName: "RequestCount",
          statistic: "Sum",
          dimensions: ALB_TARGET,
        },
      },
    },
    threshold: 1,
    unit: "Percent",
    periodSeconds: MINUTE,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    missingDataReason:
      "a minute in which no target answered has no target error rate; if requests came, lb-error-rate-high pages",
    action: "page-oncall",
    severity: "critical",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "pages on-call with diagnostics, and resolves the page on OK",
  },
  "lb-error-rate-high": {
    id: "lb-error-rate-high",
    title: "Load balancer 5xx rate above 1 %",
    scope: "load-balancer",
    signal: {
      kind: "math",
      // The requests no target answered (502/503/504 from the load balancer itself) against all requests.
      // They are in the denominator because a target group's RequestCount has no datapoint when none of its
      // targets answers: a total outage then reads 100 % instead of no value.
      expression: "100 * FILL(elb5xx, 0) / (FILL(requests, 0) + FILL(elb5xx, 0))",
      label: "5xx the load balancer answered itself (%)",
      metrics: {
        elb5xx: {
          namespace: "AWS/ApplicationELB",
          metricName: "HTTPCode_ELB_5XX_Count",
          statistic: "Sum",
          dimensions: ALB,
        },
        requests: {
          namespace: "AWS/ApplicationELB",
          metricName: "RequestCount",
          statistic: "Sum",
          dimensions: ALB,
        },
      },
    },
    threshold: 1,
    unit: "Percent",
    periodSeconds: MINUTE,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    missingDataReason:
      "no datapoint means no request reached the load balancer; an outage has ELB 5XX datapoints, never silence",
    action: "page-oncall",
    severity: "critical",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "pages on-call with diagnostics of both services, and resolves the page on OK",
  },
  "db-connections-high": {
    id: "db-connections-high",
    title: "Supabase connections above 80 %",
    scope: "supabase",
    signal: {
      kind: "metric",
      metric: {
        namespace: SUPABASE_NAMESPACE,
        metricName: "ConnectionUtilization",
        statistic: "Maximum",
        dimensions: SUPABASE,
      },
    },
    threshold: 80,
    unit: "Percent",
    periodSeconds: MINUTE,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    missingDataReason: "keeps the last state while the collector is down; its own error alarm says so",
    action: "plan-upgrade-ticket",
    severity: "warning",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "opens (or comments on) a Supabase plan-upgrade ticket",
  },
  "bandwidth-high": {
    id: "bandwidth-high",
    title: "Supabase egress above 80 % of the plan",
    scope: "supabase",
    signal: {
      kind: "metric",
      metric: {
        namespace: SUPABASE_NAMESPACE,
        metricName: "EgressUtilization",
        statistic: "Maximum",
        dimensions: SUPABASE,
      },
    },
    threshold: 80,
    unit: "Percent",
    periodSeconds: 24 * 60 * MINUTE,
    evaluationPeriods: 1,
    treatMissingData: "missing",
    missingDataReason: "keeps the last state while the collector is down; its own error alarm says so",
    action: "optimize-query-alert",
    severity: "warning",
    cooldownSeconds: 24 * 60 * MINUTE,
    reaction: "sends an optimize-query alert naming the queries and indexes to fix",
  },
  "cpu-critical": {
    id: "cpu-critical",
    title: "CPU above 80 % (monitoring)",
    scope: "ecs",
    signal: {
      kind: "metric",
      metric: {
        namespace: "AWS/ECS",
        metricName: "CPUUtilization",
        statistic: "Average",
        dimensions: ECS_SERVICE,
      },
    },
    threshold: 80,
    unit: "Percent",
    periodSeconds: 5 * MINUTE,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    missingDataReason: "a monitoring alarm should not resolve or fire on silence",
    action: "notify",
    severity: "critical",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "notifies the alerts topic",
  },
  "memory-critical": {
    id: "memory-critical",
    title: "Memory above 85 % (monitoring)",
    scope: "ecs",
    signal: {
      kind: "metric",
      metric: {
        namespace: "AWS/ECS",
        metricName: "MemoryUtilization",
        statistic: "Average",
        dimensions: ECS_SERVICE,
      },
    },
    threshold: 85,
    unit: "Percent",
    periodSeconds: 5 * MINUTE,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    missingDataReason: "a monitoring alarm should not resolve or fire on silence",
    action: "notify",
    severity: "critical",
    cooldownSeconds: DEFAULT_COOLDOWN,
    reaction: "notifies the alerts topic",
  },
};

/**
 * A row as the matrix may hold it: its action is registered and its options are the ones that action's schema
 * accepts (`core/actions/`). Checked when the matrix loads, so a bad row stops the synth, the tests and every
 * cold start, naming the row.
 * @example checkRow({ ...MATRIX["cpu-high"], action: "reboot" }) // throws ConfigurationError: matrix row "cpu-high" names unknown action "reboot" ...
 */
export function checkRow<Row extends { id: string; action: string }>(row: Row): Row {
  if (!isActionName(row.action)) {
    throw new ConfigurationError(
      `matrix row "${row.id}" names unknown action "${row.action}"; registered actions: ${Object.keys(ACTIONS).join(", ")}`,
    );
  }
  const fields: readonly string[] = ROW_FIELDS;
  const options = Object.fromEntries(Object.entries(row).filter(([key]) => !fields.includes(key)));
  const parsed = ACTIONS[row.action].options.safeParse(options);
  if (!parsed.success) {
    throw new ConfigurationError(
      `matrix row "${row.id}" gives action "${row.action}" invalid options: ${z.prettifyError(parsed.error)}`,
      { cause: parsed.error },
    );
  }
  return row;
}

export const ROWS: readonly MatrixRow[] = ROW_IDS.map((id) => checkRow(MATRIX[id]));

export function rowsForAction(action: ActionName): MatrixRow[] {
  return ROWS.filter((row) => row.action === action);
}

/** The alarm targets a row applies to: both ECS services, their load balancer, or the Supabase project. */
export function targetsOf(row: MatrixRow): readonly AlarmTarget[] {
  if (row.scope === "ecs") return ["backend", "frontend"] as const;
  return row.scope === "load-balancer" ? (["alb"] as const) : (["supabase"] as const);
}

/** Whether an alarm is about one ECS service (not the load balancer in front of both, nor Supabase). */
export function isServiceTarget(target: AlarmTarget): target is Service {
  return (SERVICES as readonly string[]).includes(target);
}
