import { type StackContext, use } from "sst/constructs";
import { Core } from "./Core.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** The monitoring rows (`cpu-critical`, `memory-critical`): notify the alerts topic. */
export function Reactions({ stack, app }: StackContext) {
  const core = use(Core);
  const notify = alarmReaction(stack, { stage: app.stage, core, action: "notify" });
  return { notify };
}
