/**
 * Application Auto Scaling keeps one scalable target per service (NOTES.md): two stages registering the same
 * service fight over it, and removing either deregisters it, with every policy on it.
 */
import { knownStages, stageConfig } from "../../../core/config/index.js";
import { SERVICES } from "../../../core/matrix/tiers.js";
import { ecsResourceId } from "../../../core/scaling/effects.js";
import { type Finding, problem } from "./findings.js";
import type { DeployPlan } from "./plan.js";

export function sharedScalableTargets(stage: string, plan: DeployPlan): Finding[] {
  return plan.scalableTargets.flatMap((target) => {
    const others = knownStages().filter((other) => {
      if (other === stage) return false;
      const config = stageConfig(other);
      return SERVICES.some(
        (s) => ecsResourceId(config.ecs.clusterName, config.ecs.services[s].serviceName) === target.resourceId,
      );
    });
    if (others.length === 0) return [];
    return [
      problem(
        `${target.resourceId} is also stage ${others.join(", ")}'s service: this stage's scalable target would be the same one, and removing this stage deregisters it (with its policies)`,
      ),
    ];
  });
}
