import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { killSwitchParameterName } from "../core/scaling/kill-switch.js";
import { answerSlackAction, carryOutHandedOffClick } from "../core/slack-actions/answer.js";
import { isHandedOffClick } from "../core/slack-actions/hand-off.js";
import { functionUrlHandler } from "./lib/function-url.js";
import { logger } from "./lib/logger.js";
import { currentRuntime, type Runtime, reactionContext } from "./lib/runtime.js";
import { needSlackActions, scalingPorts } from "./lib/slack-actions.js";

const clickContext = (runtime: Runtime) => ({
  stage: runtime.stage,
  config: runtime.config,
  ports: needSlackActions(runtime),
  ...scalingPorts(runtime),
  parameterName: killSwitchParameterName(runtime.stage),
  reaction: reactionContext(runtime, "slack-actions"),
});

/** The Slack app's interactivity URL: verify the click, authorise its user, act or hand the slow work on. */
const answer = functionUrlHandler((request, runtime, context) =>
  answerSlackAction(request, {
    ...clickContext(runtime),
    secret: () => runtime.secret("SLACK_SIGNING_SECRET"),
    self: context.functionName,
  }),
);

/** A slow click handed on by the answer, invoked asynchronously: Lambda retries it twice, then its DLQ keeps it. */
const carryOut = middy(async (event: unknown) => {
  const result = await carryOutHandedOffClick(event, clickContext(await currentRuntime()));
  logger.info("carried out a handed-off click", { result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));

export const handler = (event: unknown, context: Context) =>
  isHandedOffClick(event) ? carryOut(event, context) : answer(event, context);
