import { planScaleOut } from "../core/scaling/plan-scale-out.js";
import { alarmReaction } from "./lib/alarm-reaction.js";
import { need } from "./lib/runtime.js";

/** `cpu-high`, `memory-high`, `response-time-high`: scale the ECS service out, within bounds, exactly once. */
export const handler = alarmReaction("scale-ecs", (trigger, runtime) =>
  planScaleOut(trigger, {
    stage: runtime.stage,
    config: runtime.config,
    now: runtime.now(),
    ports: {
      store: runtime.store,
      services: need(runtime, "services"),
      alarms: need(runtime, "alarms"),
      killSwitch: need(runtime, "killSwitch"),
      diagnostics: runtime.diagnostics,
    },
  }),
);
