/**
 * The stage's application load balancer: the `alb` alarm target. Both services sit behind it, so its own
 * 5xx (a target that does not answer, none registered) are one signal for the stage, paged once.
 */
import type { StageConfig } from "../config/index.js";
import { ConfigurationError } from "../kernel/errors.js";
import { SERVICES } from "./tiers.js";

/**
 * The load balancer both services share; a stage whose services sit behind different ones is a
 * configuration error, because `lb-error-rate-high` has one alarm per stage.
 * @example stageLoadBalancer(stageConfig("prod")) // "app/hero365-alb/50dc6c495c0c9188"
 */
export function stageLoadBalancer(config: StageConfig): string {
  const names = new Set(SERVICES.map((s) => config.ecs.services[s].loadBalancerFullName));
  if (names.size !== 1) {
    throw new ConfigurationError(
      `the services sit behind ${names.size} load balancers (${[...names].join(", ")}): lb-error-rate-high watches one per stage`,
    );
  }
  return [...names][0] as string;
}

/** `hero365-alb` of `app/hero365-alb/50dc6c495c0c9188`: what a person calls it. */
export function loadBalancerName(fullName: string): string {
  return fullName.split("/")[1] ?? fullName;
}
