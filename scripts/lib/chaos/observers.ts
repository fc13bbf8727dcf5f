/**
 * The runtime's executors, observed: every scaling call and page is shown to the checks as it happens, and
 * each scaling call is counted on the invocation that made it.
 */
import type { StageConfig } from "../../../core/config/index.js";
import { SERVICES, type Service } from "../../../core/matrix/tiers.js";
import { ecsResourceId } from "../../../core/scaling/effects.js";
import type { SimRuntime } from "../../../sim/runtime.js";
import type { Checks } from "./checks.js";
import type { DrivenAlarm } from "./history.js";

export type Trigger = "ALARM" | "OK" | "INSUFFICIENT_DATA" | "follow-up" | "schedule";

/** What the invocation in progress is about and what it did. */
export interface InvocationRecord {
  alarm?: string;
  trigger: Trigger;
  /** The service of each scaling call it made. */
  scalingCalls: Service[];
}

export interface Observers {
  config: StageConfig;
  driven: readonly DrivenAlarm[];
  checks: Checks;
  current(): InvocationRecord | undefined;
}

export function observedRuntime(runtime: SimRuntime, { config, driven, checks, current }: Observers): SimRuntime {
  const executors = { ...runtime.executors } as Record<string, (effect: never, context?: never) => Promise<unknown>>;
  const byResource = (resourceId: unknown) =>
    SERVICES.find((s) => ecsResourceId(config.ecs.clusterName, config.ecs.services[s].serviceName) === resourceId);
  const byName = (name: unknown) => SERVICES.find((s) => config.ecs.services[s].serviceName === name);
  const scaling = (
    type: string,
    kind: "floor" | "desired",
    read: (e: Record<string, unknown>) => [unknown, number],
  ) => {
    const execute = executors[type];
    if (!execute) return;
    executors[type] = async (effect: never, context?: never) => {
      const [target, to] = read(effect as Record<string, unknown>);
      const service = kind === "floor" ? byResource(target) : byName(target);
      const inv = current();
      const scaleOut = driven.find((a) => a.name === inv?.alarm)?.row.action === "scale-out";
      if (inv?.alarm && service && scaleOut && (inv.trigger === "ALARM" || inv.trigger === "follow-up"))
        checks.scaleOut(inv.alarm, service, kind, to);
      const output = await execute(effect, context);
      if (service) inv?.scalingCalls.push(service);
      return output;
    };
  };
  scaling("applicationautoscaling.RegisterScalableTarget", "floor", (e) => [e.resourceId, e.minCapacity as number]);
  scaling("ecs.UpdateService", "desired", (e) => [e.service, e.desiredCount as number]);
  const paging = (type: string, seen: (dedupKey: string) => void) => {
    const execute = executors[type];
    if (!execute) return;
    executors[type] = async (effect: never, context?: never) => {
      const output = await execute(effect, context);
      seen((effect as { dedupKey: string }).dedupKey);
      return output;
    };
  };
  paging("pagerduty.trigger", (key) => checks.page(key, current()?.trigger === "follow-up" ? "re-page" : "transition"));
  paging("pagerduty.resolve", (key) => checks.resolve(key));
  return { ...runtime, executors };
}
