/** The scaling effects, named after the API operations that carry them out. */

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
