/**
 * The parts of a notice every alarm-driven reaction shares: the fields a responder reads first (service,
 * metric, value vs threshold, window) and the console links (the CloudWatch alarm, the ECS service).
 */
import type { AlarmState } from "../../events/schemas/cloudwatch-alarm.js";
import { alarmConsoleUrl, ecsServiceConsoleUrl, formatValue, observedValue } from "../alarms/event.js";
import type { StageConfig } from "../config/index.js";
import { loadBalancerName, stageLoadBalancer } from "../matrix/load-balancer.js";
import { type AlarmTarget, isServiceTarget, type MatrixRow } from "../matrix/rows.js";
import { SERVICES, type Service } from "../matrix/tiers.js";
import type { Notice } from "./notice.js";

/**
 * @example alarmFields(MATRIX["error-rate-high"], "backend", state, config)[2] // { label: "Value vs threshold", value: "3.42 % > 1 %" }
 */
export function alarmFields(
  row: MatrixRow,
  target: AlarmTarget,
  state: AlarmState,
  config: StageConfig,
): Notice["fields"] {
  const observed = observedValue(state);
  const comparison = state.value === "ALARM" ? ">" : observed === undefined ? "vs" : "≤";
  return [
    { label: "Service", value: serviceLabel(target, config) },
    { label: "Metric", value: metricLabel(row) },
    {
      label: "Value vs threshold",
      value: `${formatValue(observed, row.unit)} ${comparison} ${formatValue(row.threshold, row.unit)}`,
    },
    windowField(row),
  ];
}

/** The row's evaluation window, as every alarm-driven notice shows it. */
export function windowField(row: Pick<MatrixRow, "evaluationPeriods" | "periodSeconds">): Notice["fields"][number] {
  return { label: "Window", value: `${row.evaluationPeriods} × ${row.periodSeconds / 60} min` };
}

/**
 * The CloudWatch alarm, and the ECS service when the alarm is about one; for the load balancer, both services
 * behind it, since its 5xx do not say whose targets failed to answer.
 */
export function alarmLinks(alarmName: string, target: AlarmTarget, config: StageConfig): Notice["links"] {
  const links = [{ text: "CloudWatch alarm", url: alarmConsoleUrl(config.region, alarmName) }];
  const serviceUrl = (service: Service) =>
    ecsServiceConsoleUrl(config.region, config.ecs.clusterName, config.ecs.services[service].serviceName);
  if (isServiceTarget(target)) links.push({ text: "ECS service", url: serviceUrl(target) });
  if (target === "alb") for (const s of SERVICES) links.push({ text: `ECS service ${s}`, url: serviceUrl(s) });
  return links;
}

function serviceLabel(target: AlarmTarget, config: StageConfig): string {
  if (target === "supabase") return `Supabase ${config.supabase.projectRef}`;
  if (target === "alb") return `load balancer ${loadBalancerName(stageLoadBalancer(config))} (${SERVICES.join(" + ")})`;
  return `${target} (${config.ecs.services[target].serviceName})`;
}

function metricLabel(row: MatrixRow): string {
  if (row.signal.kind === "math") return row.signal.label;
  const { namespace, metricName, statistic } = row.signal.metric;
  return `${namespace} ${metricName} (${statistic})`;
}
