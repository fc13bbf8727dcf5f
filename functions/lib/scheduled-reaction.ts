/**
 * The shape of a scheduled handler (an EventBridge schedule, SST's Cron): parse the event at the edge, plan
 * through core, carry the plan out safely, log. Anything unexpected is rethrown, so Lambda's async retries
 * and the function's failure destination (a DLQ) keep the run.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { parseEvent } from "../../core/kernel/parse.js";
import type { Plan } from "../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../core/kernel/reaction.js";
import { type ScheduledEvent, ScheduledEventSchema } from "../../events/index.js";
import { logger } from "./logger.js";
import { currentRuntime, type Runtime, reactionContext } from "./runtime.js";

export type PlanScheduled = (event: ScheduledEvent, runtime: Runtime) => Promise<Plan>;

export function scheduledReaction(
  functionName: string,
  plan: PlanScheduled,
  runtime: () => Promise<Runtime> = currentRuntime,
) {
  return middy(async (input: unknown): Promise<ReactionResult> => {
    const event = parseEvent(ScheduledEventSchema, input, "scheduled event");
    const built = await runtime();
    const decided = await plan(event, built);
    logger.info("decided", { outcome: decided.outcome, reason: decided.reason, effects: decided.effects.length });
    const result = await carryOut(
      decided,
      { subject: functionName, eventId: event.id },
      reactionContext(built, functionName),
    );
    logger.info("carried out", { status: result.status, mode: result.mode });
    return result;
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}
