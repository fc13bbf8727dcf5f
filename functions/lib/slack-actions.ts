/** What the Slack buttons' two sources share: the click context, and the slow click handed on to ourselves. */
import { killSwitchParameterName } from "../../core/scaling/kill-switch.js";
import type { ScaleOutPorts } from "../../core/scaling/plan-scale-out.js";
import { carryOutHandedOffClick } from "../../core/slack-actions/answer.js";
import { isHandedOffClick } from "../../core/slack-actions/hand-off.js";
import { reactionContext, type SlackActionsRuntime } from "./runtime.js";
import type { Source } from "./sources/source.js";

export function clickContext(runtime: SlackActionsRuntime) {
  return {
    stage: runtime.stage,
    config: runtime.config,
    ports: runtime.slackActions,
    ...scalingPorts(runtime),
    parameterName: killSwitchParameterName(runtime.stage),
    reaction: reactionContext(runtime, "slack-actions"),
  };
}

/** What Scale back reads, as scale-ecs does; absent from a runtime without the scaling readers. */
function scalingPorts(runtime: SlackActionsRuntime): { scaling?: ScaleOutPorts } {
  const { services, alarms, killSwitch, diagnostics, store } = runtime;
  if (!services || !alarms || !killSwitch) return {};
  return { scaling: { store, services, alarms, killSwitch, ...(diagnostics && { diagnostics }) } };
}

/** A slow click handed on by the answer, invoked asynchronously: Lambda retries it twice, then its DLQ keeps it. */
export const handedOffClick: Source<SlackActionsRuntime> = {
  recognises: isHandedOffClick,
  handle: async (event, { context, logger }) => {
    const result = await carryOutHandedOffClick(event, clickContext(await context.runtime()));
    logger.info("carried out a handed-off click", { result });
    return result;
  },
};
