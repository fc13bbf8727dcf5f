import { planScaleOut } from "../core/scaling/plan-scale-out.js";
import { reaction } from "./lib/reaction.js";
import { commonRuntime } from "./lib/runtimes.js";
import { alarm } from "./lib/sources/alarm.js";

/** `cpu-high`, `memory-high`, `response-time-high`: scale the ECS service out, within bounds, exactly once. */
export const handler = reaction("scale-ecs", {
  runtime: commonRuntime,
  sources: [
    alarm((trigger, { stage, config, now, store, services, alarms, killSwitch, diagnostics }) =>
      planScaleOut(trigger, {
        stage,
        config,
        now: now(),
        ports: { store, services, alarms, killSwitch, diagnostics },
      }),
    ),
  ],
});
