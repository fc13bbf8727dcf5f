import { ConfigurationError } from "../../core/errors.js";
import type { SlackActionPorts } from "../../core/slack-actions/ports.js";
import type { Runtime } from "./runtime.js";

/** The Slack buttons' readers; a runtime without them is misconfigured. */
export function needSlackActions(runtime: Runtime): SlackActionPorts {
  if (!runtime.slackActions) throw new ConfigurationError("this runtime has no Slack actions readers");
  return runtime.slackActions;
}
