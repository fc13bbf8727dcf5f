import { ConfigurationError } from "../../core/kernel/errors.js";
import type { ScaleOutPorts } from "../../core/scaling/plan-scale-out.js";
import type { SlackActionPorts } from "../../core/slack-actions/ports.js";
import type { Runtime } from "./runtime.js";

/** The Slack buttons' readers; a runtime without them is misconfigured. */
export function needSlackActions(runtime: Runtime): SlackActionPorts {
  if (!runtime.slackActions) throw new ConfigurationError("this runtime has no Slack actions readers");
  return runtime.slackActions;
}

/** What Scale back reads, as scale-ecs does; absent from a runtime without the scaling readers. */
export function scalingPorts(runtime: Runtime): { scaling?: ScaleOutPorts } {
  const { services, alarms, killSwitch, diagnostics, store } = runtime;
  if (!services || !alarms || !killSwitch) return {};
  return { scaling: { store, services, alarms, killSwitch, ...(diagnostics && { diagnostics }) } };
}
