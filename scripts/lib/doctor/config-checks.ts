/**
 * Offline checks of a stage's configuration beyond its schema: the ids a deploy hands to AWS look like real
 * ones (AWS's naming rules), and the safety thresholds are in a sane range.
 */
import type { StageConfig } from "../../../core/config/schema.js";
import { SERVICES } from "../../../core/matrix/tiers.js";
import { type Finding, note, problem } from "./findings.js";

/** ECS: up to 255 letters, numbers, hyphens and underscores (cluster and service names). */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** ELB: up to 32 alphanumerics and hyphens, not starting or ending with a hyphen; the id is 16 hex digits. */
const ELB_NAME = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?";
const LOAD_BALANCER = new RegExp(`^app/(${ELB_NAME})/[0-9a-f]{16}$`);
const TARGET_GROUP = new RegExp(`^targetgroup/(${ELB_NAME})/[0-9a-f]{16}$`);
const LOG_GROUP = /^[\w\-./#]{1,512}$/;
const REGION = /^(us|eu|ap|sa|ca|me|af|il|mx)(-gov)?-[a-z]+-\d$/;

export function checkConfig(config: StageConfig): Finding[] {
  const findings: Finding[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) findings.push(problem(message));
  };
  check(REGION.test(config.region), `region "${config.region}" is not an AWS region name`);
  check(ECS_NAME.test(config.ecs.clusterName), `ECS cluster name "${config.ecs.clusterName}" breaks ECS naming rules`);
  const loadBalancers = new Set<string>();
  for (const service of SERVICES) {
    const s = config.ecs.services[service];
    const where = `ecs.services.${service}`;
    check(ECS_NAME.test(s.serviceName), `${where}.serviceName "${s.serviceName}" breaks ECS naming rules`);
    check(
      LOAD_BALANCER.test(s.loadBalancerFullName),
      `${where}.loadBalancerFullName "${s.loadBalancerFullName}" is not app/<name ≤ 32>/<16 hex digits>`,
    );
    check(
      TARGET_GROUP.test(s.targetGroupFullName),
      `${where}.targetGroupFullName "${s.targetGroupFullName}" is not targetgroup/<name ≤ 32>/<16 hex digits>`,
    );
    if (s.logGroupName !== undefined) {
      check(LOG_GROUP.test(s.logGroupName), `${where}.logGroupName "${s.logGroupName}" breaks log group naming rules`);
    }
    loadBalancers.add(s.loadBalancerFullName);
  }
  const [backend, frontend] = SERVICES.map((s) => config.ecs.services[s]);
  check(
    backend?.targetGroupFullName !== frontend?.targetGroupFullName,
    "both services name the same target group: request-count tracking would scale both on one service's traffic",
  );
  if (loadBalancers.size > 1) findings.push(note("the services sit behind different load balancers"));

  const { safety, notifications } = config;
  check(
    safety.hourlyActionBudget <= 30,
    `safety.hourlyActionBudget ${safety.hourlyActionBudget} allows an action every ${Math.round(60 / safety.hourlyActionBudget)} min per service: above 30 the budget brakes nothing`,
  );
  const percentile = Number(config.responseTimeStatistic.slice(1));
  check(
    percentile >= 50 && percentile < 100,
    `responseTimeStatistic ${config.responseTimeStatistic} should be a percentile between p50 and p99.9`,
  );
  check(
    notifications.flappingWindowMinutes <= notifications.repageMinutes * 4,
    `notifications.flappingWindowMinutes ${notifications.flappingWindowMinutes} is long beside repageMinutes ${notifications.repageMinutes}`,
  );
  if (safety.dryRun) findings.push(note("safety.dryRun is on: every effect is recorded and none is applied"));
  else findings.push(note("safety.dryRun is off: the reactions act on the services"));
  if (safety.shadowRows.length > 0)
    findings.push(note(`shadow rows (plan, notify, change nothing): ${safety.shadowRows.join(", ")}`));
  if (!notifications.pagerduty) findings.push(note("PagerDuty is off: pages go to the on-call topic only"));
  return findings;
}
