/** The scaling effects, named after the API operations that carry them out. */
import type { StageConfig } from "../config/index.js";
import { effect, type PlannedEffect, type PlannedEffectOf } from "../kernel/effects.js";
import type { Service } from "../matrix/tiers.js";
import type { ServiceState } from "./service-state.js";

export interface EcsUpdateService {
  type: "ecs.UpdateService";
  cluster: string;
  service: string;
  desiredCount: number;
}

/** Raising (or restoring) the floor: AAS then moves the desired count up to it and target tracking keeps working. */
export interface AasRegisterScalableTarget {
  type: "applicationautoscaling.RegisterScalableTarget";
  serviceNamespace: "ecs";
  resourceId: string;
  scalableDimension: "ecs:service:DesiredCount";
  minCapacity: number;
}

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "ecs.UpdateService": EcsUpdateService;
    "applicationautoscaling.RegisterScalableTarget": AasRegisterScalableTarget;
  }
}

export function ecsResourceId(cluster: string, service: string): string {
  return `service/${cluster}/${service}`;
}

/**
 * The service's floor set to `minCapacity`, raised by a scale-out or lowered back to the tier minimum (on OK, or
 * by the reconciler). Only MinCapacity is sent: valid on an existing target, it leaves MaxCapacity as it is.
 * @example floorEffect(config, "backend", 6, "raise the floor").minCapacity // 6
 */
export function floorEffect(
  config: StageConfig,
  service: Service,
  minCapacity: number,
  reason: string,
): PlannedEffectOf<"applicationautoscaling.RegisterScalableTarget"> {
  return effect(
    {
      type: "applicationautoscaling.RegisterScalableTarget",
      serviceNamespace: "ecs",
      resourceId: ecsResourceId(config.ecs.clusterName, config.ecs.services[service].serviceName),
      scalableDimension: "ecs:service:DesiredCount",
      minCapacity,
    },
    reason,
  );
}

/** Without a scalable target, the desired count itself (DESIGN.md §4.4: the fallback, not the rule). */
export function desiredCountEffect(
  config: StageConfig,
  service: Service,
  desiredCount: number,
  reason: string,
): PlannedEffectOf<"ecs.UpdateService"> {
  return effect(
    {
      type: "ecs.UpdateService",
      cluster: config.ecs.clusterName,
      service: config.ecs.services[service].serviceName,
      desiredCount,
    },
    reason,
  );
}

/**
 * One step out (DESIGN.md §4.4): with a scalable target, its floor raised to `to`, so AAS scales out and target
 * tracking keeps working; without one, the desired count set directly.
 */
export function scaleOutEffect(
  config: StageConfig,
  service: Service,
  state: Pick<ServiceState, "scalableTarget">,
  to: number,
): PlannedEffect {
  return state.scalableTarget
    ? floorEffect(
        config,
        service,
        to,
        `raise the floor to ${to} so AAS scales out and target tracking does not scale back in below it`,
      )
    : desiredCountEffect(config, service, to, `${service} has no scalable target: set the desired count directly`);
}
