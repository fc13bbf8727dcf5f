import { type StackContext, use } from "sst/constructs";
import { SERVICES } from "../core/matrix/tiers.js";
import { Core } from "./Core.js";
import { alarmReaction, stageAlarmArns } from "./lib/alarm-reaction.js";

/**
 * The `error-rate-high` and `lb-error-rate-high` rows: page on-call (on-call topic, PagerDuty) with
 * diagnostics, page again while the alarm lasts (its own follow-up queue), resolve on OK.
 */
export function Paging({ stack, app }: StackContext) {
  const core = use(Core);
  const { config } = core;
  const { account, region } = stack;
  const services = SERVICES.map((s) => config.ecs.services[s]);
  const logGroups = services.flatMap((s) => (s.logGroupName ? [s.logGroupName] : []));
  const pageOncall = alarmReaction(stack, {
    stage: app.stage,
    core,
    action: "page-oncall",
    followUps: true,
    // Slack's retry-after waits, PagerDuty's backoff and the diagnostics queries, each bounded, fit in a minute.
    props: { timeout: 60 },
    resources: {
      ecsServices: services.map(
        (s) => `arn:aws:ecs:${region}:${account}:service/${config.ecs.clusterName}/${s.serviceName}`,
      ),
      stageAlarms: stageAlarmArns(stack, core, "page-oncall"),
      logGroups: logGroups.flatMap((name) => [
        `arn:aws:logs:${region}:${account}:log-group:${name}`,
        `arn:aws:logs:${region}:${account}:log-group:${name}:*`,
      ]),
    },
  });
  return { pageOncall };
}
