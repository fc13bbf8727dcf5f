import { answerSlackAction } from "../core/slack-actions/answer.js";
import { reaction } from "./lib/reaction.js";
import { commonRuntime } from "./lib/runtimes.js";
import { clickContext, handedOffClick } from "./lib/slack-actions.js";
import { functionUrl } from "./lib/sources/function-url.js";

/**
 * The Slack app's interactivity URL: verify the click, authorise its user, act or hand the slow work on (a
 * handed-off click comes back to this function, invoked asynchronously).
 */
export const handler = reaction("slack-actions", {
  runtime: commonRuntime,
  sources: [
    handedOffClick,
    functionUrl((request, runtime, context) =>
      answerSlackAction(request, {
        ...clickContext(runtime),
        secret: () => runtime.secret("SLACK_SIGNING_SECRET"),
        self: context.functionName,
      }),
    ),
  ],
});
