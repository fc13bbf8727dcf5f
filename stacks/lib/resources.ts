import type { Stack } from "aws-cdk-lib";
import type { ResourceRef } from "../../core/actions/spec.js";
import { SERVICES } from "../../core/matrix/tiers.js";
import type { CoreResources } from "../Core.js";

/** The kill switch's SSM parameter: its name (for the functions' environment) and its ARN (for their IAM). */
export interface KillSwitch {
  parameterName: string;
  parameterArn: string;
}

/**
 * The ARNs of the stage's resources that an action's or a function's declared permissions may name, resolved
 * once for every stack: the state table, the topics, the ECS services, the scalable targets, the stage's
 * alarms, the services' log groups, and the kill switch where the stack knows it. What a single function
 * owns (its follow-up queue, its rows' alarms) is added by the caller.
 */
export function stageResources(
  stack: Stack,
  core: CoreResources,
  opts: { killSwitch?: KillSwitch } = {},
): Partial<Record<ResourceRef, string[]>> {
  const { config } = core;
  const { account, region } = stack;
  const services = SERVICES.map((s) => config.ecs.services[s]);
  const logGroups = services.flatMap((s) => (s.logGroupName ? [s.logGroupName] : []));
  return {
    stateTable: [core.state.tableArn],
    alertsTopic: [core.alerts.topicArn],
    onCallTopic: [core.onCall.topicArn],
    ecsServices: services.map(
      (s) => `arn:aws:ecs:${region}:${account}:service/${config.ecs.clusterName}/${s.serviceName}`,
    ),
    // CloudFormation exposes no scalable-target ARN (aws-cdk#28423): scoped to this account and region.
    scalableTargets: [`arn:aws:application-autoscaling:${region}:${account}:scalable-target/*`],
    // A personal stage reads the alarms of the stage it shadows.
    stageAlarms: [`arn:aws:cloudwatch:${region}:${account}:alarm:hero365-${config.alarmStage}-*`],
    logGroups: logGroups.flatMap((name) => [
      `arn:aws:logs:${region}:${account}:log-group:${name}`,
      `arn:aws:logs:${region}:${account}:log-group:${name}:*`,
    ]),
    ...(opts.killSwitch && { killSwitchParameter: [opts.killSwitch.parameterArn] }),
  };
}
