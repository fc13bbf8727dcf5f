/**
 * A schedule (an EventBridge schedule, SST's Cron), parsed at the edge. A scheduled reaction plans through core
 * and carries the plan out safely; a scheduled job runs one core job and logs what it reported (expected
 * failures are in its result). Anything unexpected is rethrown, so Lambda's async retries, the function's error
 * metric and its failure destination (a DLQ) keep the run.
 */
import { parseEvent } from "../../../core/kernel/parse.js";
import type { Plan } from "../../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../../core/kernel/reaction.js";
import { type ScheduledEvent, ScheduledEventSchema } from "../../../events/index.js";
import { type BaseRuntime, reactionContext } from "../runtime.js";
import type { Source } from "./source.js";

export type PlanScheduled<R> = (event: ScheduledEvent, runtime: R) => Promise<Plan>;

export function schedule<R extends BaseRuntime>(plan: PlanScheduled<R>): Source<R, ReactionResult> {
  return {
    handle: async (input, { functionName, context }) => {
      const event = parseEvent(ScheduledEventSchema, input, "scheduled event");
      const runtime = await context.runtime();
      const decided = await plan(event, runtime);
      context.decisions.decided({ outcome: decided.outcome, reason: decided.reason, effects: decided.effects.length });
      const result = await carryOut(
        decided,
        { subject: functionName, eventId: event.id },
        reactionContext(runtime, functionName),
      );
      context.decisions.carriedOut(result);
      return result;
    },
  };
}

export type Job<R, Result> = (event: ScheduledEvent, runtime: R) => Promise<Result>;

export function scheduledJob<R extends BaseRuntime, Result extends { ok: boolean }>(
  job: Job<R, Result>,
): Source<R, Result> {
  return {
    handle: async (input, { functionName, context, logger }) => {
      const event = parseEvent(ScheduledEventSchema, input, "EventBridge scheduled event");
      const result = await job(event, await context.runtime());
      if (result.ok) logger.info(`${functionName} done`, { result });
      else logger.error(`${functionName} failed`, { result });
      return result;
    },
  };
}
