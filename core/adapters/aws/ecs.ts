/**
 * ECS and Application Auto Scaling: the scaling executors, and the reader of a service's current state.
 * `UpdateService` accepts counts outside the AAS min/max — the decision, not this adapter, keeps the bounds.
 */
import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand, type ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { StageConfig } from "../../config/index.js";
import { AdapterError } from "../../kernel/adapter-errors.js";
import type { Executor } from "../../kernel/ports.js";
import { ecsResourceId } from "../../scaling/effects.js";
import type { ServiceState, ServiceStateReader } from "../../scaling/service-state.js";

export function ecsUpdateService(client: ECSClient): Executor<"ecs.UpdateService"> {
  return async (effect) => {
    const { service } = await client.send(
      new UpdateServiceCommand({ cluster: effect.cluster, service: effect.service, desiredCount: effect.desiredCount }),
    );
    return { desiredCount: service?.desiredCount };
  };
}

export function aasRegisterScalableTarget(
  client: ApplicationAutoScalingClient,
): Executor<"applicationautoscaling.RegisterScalableTarget"> {
  return async (effect) => {
    const { ScalableTargetARN } = await client.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: effect.serviceNamespace,
        ResourceId: effect.resourceId,
        ScalableDimension: effect.scalableDimension,
        MinCapacity: effect.minCapacity,
      }),
    );
    return { scalableTargetArn: ScalableTargetARN };
  };
}

export function ecsServiceStateReader(
  ecs: ECSClient,
  aas: ApplicationAutoScalingClient,
  config: StageConfig,
): ServiceStateReader {
  return {
    async read(service) {
      const serviceName = config.ecs.services[service].serviceName;
      const resourceId = ecsResourceId(config.ecs.clusterName, serviceName);
      const [described, targets] = await Promise.all([
        ecs.send(new DescribeServicesCommand({ cluster: config.ecs.clusterName, services: [serviceName] })),
        aas.send(
          new DescribeScalableTargetsCommand({
            ServiceNamespace: "ecs",
            ResourceIds: [resourceId],
            ScalableDimension: "ecs:service:DesiredCount",
          }),
        ),
      ]);
      const svc = described.services?.[0];
      if (!svc) {
        const why = described.failures?.map((f) => f.reason).join(", ") || "not returned";
        throw new AdapterError(`ECS service ${config.ecs.clusterName}/${serviceName}: ${why}`);
      }
      const rolling = svc.deployments?.find((d) => d.status === "PRIMARY" && d.rolloutState === "IN_PROGRESS");
      const target = targets.ScalableTargets?.[0];
      const state: ServiceState = {
        desiredCount: svc.desiredCount ?? 0,
        runningCount: svc.runningCount ?? 0,
        pendingCount: svc.pendingCount ?? 0,
        deploymentInProgressSince: rolling?.createdAt?.toISOString() ?? null,
        scalableTarget: target
          ? {
              minCapacity: target.MinCapacity ?? 0,
              maxCapacity: target.MaxCapacity ?? 0,
              suspended: {
                dynamicScalingInSuspended: target.SuspendedState?.DynamicScalingInSuspended ?? false,
                dynamicScalingOutSuspended: target.SuspendedState?.DynamicScalingOutSuspended ?? false,
                scheduledScalingSuspended: target.SuspendedState?.ScheduledScalingSuspended ?? false,
              },
            }
          : null,
      };
      return state;
    },
  };
}
