/**
 * The shape every alarm-driven handler shares: parse the CloudWatch event at the edge, plan through core,
 * carry the plan out safely, log the decision. Anything unexpected is rethrown so Lambda's async retries and
 * the function's failure destination (a DLQ) keep the event.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Plan } from "../../core/plan.js";
import { carryOut, type ReactionResult } from "../../core/reaction.js";
import { type AlarmStateChangeEvent, AlarmStateChangeEventSchema, parseEvent } from "../../events/index.js";
import { logger } from "./logger.js";
import { currentRuntime, type Runtime, reactionContext } from "./runtime.js";

export type PlanAlarm = (event: AlarmStateChangeEvent, runtime: Runtime) => Plan | Promise<Plan>;

export interface AlarmReactionOptions {
  /** Adds what this reaction needs beyond the shared runtime (its ports and executors). */
  extend?: (runtime: Runtime) => Runtime;
}

export function alarmReaction(functionName: string, plan: PlanAlarm, options: AlarmReactionOptions = {}) {
  return middy(async (input: unknown): Promise<ReactionResult> => {
    const event = parseEvent(AlarmStateChangeEventSchema, input, "CloudWatch alarm state change");
    const shared = await currentRuntime();
    const runtime = options.extend ? options.extend(shared) : shared;
    const decided = await plan(event, runtime);
    logger.info("decided", { alarm: event.detail.alarmName, state: event.detail.state.value, plan: decided });
    const result = await carryOut(
      decided,
      { subject: event.detail.alarmName, eventId: event.id },
      reactionContext(runtime, functionName),
    );
    logger.info("carried out", { status: result.status, mode: result.mode });
    return result;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
