import { Duration } from "aws-cdk-lib";
import * as appscaling from "aws-cdk-lib/aws-applicationautoscaling";
import { type StackContext, use } from "sst/constructs";
import { TARGET_TRACKING as SEED_TRACKING, SERVICES, TIERS } from "../core/matrix/tiers.js";
import { ecsResourceId } from "../core/scaling/effects.js";
import { killSwitchParameterName } from "../core/scaling/kill-switch.js";
import { Core } from "./Core.js";
import { actionReactions } from "./lib/alarm-reaction.js";
import type { KillSwitch } from "./lib/resources.js";

/** The seed's target-tracking values (seed: "AWS ECS Fargate Auto Scaling"). */
export const TARGET_TRACKING = {
  memory: SEED_TRACKING.memory,
  requestsPerTarget: SEED_TRACKING.requestsPerTarget,
  cooldown: Duration.seconds(SEED_TRACKING.cooldownSeconds),
};

/**
 * The seed's ECS auto scaling as code, from the stage's tier: a scalable target per service (min/max) with
 * CPU, memory and request-count target tracking; and the reactions registered for this stack (the `scale-out`
 * action's `scale-ecs`, which raises the floor when a scale-out row fires), with their follow-ups and the kill switch. Application Auto Scaling keeps one target per
 * service, shared by every stack that registers it (and deregistered when any of them is removed): only a
 * named stage with `scaling: "create"` registers it; an adopting or personal stage leaves it alone.
 */
export function Scaling({ stack, app }: StackContext) {
  const core = use(Core);
  const { config } = core;
  const tier = TIERS[config.tier];

  const ownsScaling = config.role.kind === "named" && config.scaling === "create";
  for (const service of ownsScaling ? SERVICES : []) {
    const size = tier.services[service];
    const svc = config.ecs.services[service];
    const target = new appscaling.ScalableTarget(stack, `ScalableTarget-${service}`, {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      resourceId: ecsResourceId(config.ecs.clusterName, svc.serviceName),
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity: size.minCapacity,
      maxCapacity: size.maxCapacity,
    });
    const tracking = { scaleOutCooldown: TARGET_TRACKING.cooldown, scaleInCooldown: TARGET_TRACKING.cooldown };
    target.scaleToTrackMetric(`cpu-${service}`, {
      predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_CPU_UTILIZATION,
      targetValue: size.targetCPU,
      policyName: `hero365-${app.stage}-${service}-cpu`,
      ...tracking,
    });
    target.scaleToTrackMetric(`memory-${service}`, {
      predefinedMetric: appscaling.PredefinedMetric.ECS_SERVICE_AVERAGE_MEMORY_UTILIZATION,
      targetValue: TARGET_TRACKING.memory,
      policyName: `hero365-${app.stage}-${service}-memory`,
      ...tracking,
    });
    target.scaleToTrackMetric(`requests-${service}`, {
      predefinedMetric: appscaling.PredefinedMetric.ALB_REQUEST_COUNT_PER_TARGET,
      // "app/<lb>/<id>/targetgroup/<tg>/<id>"
      resourceLabel: `${svc.loadBalancerFullName}/${svc.targetGroupFullName}`,
      targetValue: TARGET_TRACKING.requestsPerTarget,
      policyName: `hero365-${app.stage}-${service}-requests`,
      ...tracking,
    });
  }

  // Left out of CloudFormation on purpose (core/scaling/kill-switch.ts): no deploy can reset a pause.
  const parameterName = killSwitchParameterName(app.stage);
  const killSwitchArn = stack.formatArn({
    service: "ssm",
    resource: "parameter",
    resourceName: parameterName.slice(1),
  });
  const killSwitch: KillSwitch = { parameterName, parameterArn: killSwitchArn };

  const reactions = actionReactions(stack, "Scaling", { stage: app.stage, core, killSwitch });
  return { reactions, killSwitch };
}
