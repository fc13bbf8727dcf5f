import { killSwitchParameterName } from "../core/scaling/kill-switch.js";
import { answerSlackAction } from "../core/slack-actions/answer.js";
import { functionUrlHandler } from "./lib/function-url.js";
import { reactionContext } from "./lib/runtime.js";
import { needSlackActions, scalingPorts } from "./lib/slack-actions.js";

/** The Slack app's interactivity URL: verify the click, authorise its user, carry out what the button says. */
export const handler = functionUrlHandler((request, runtime) =>
  answerSlackAction(request, {
    stage: runtime.stage,
    config: runtime.config,
    secret: () => runtime.secret("SLACK_SIGNING_SECRET"),
    ports: needSlackActions(runtime),
    ...scalingPorts(runtime),
    parameterName: killSwitchParameterName(runtime.stage),
    reaction: reactionContext(runtime, "slack-actions"),
  }),
);
