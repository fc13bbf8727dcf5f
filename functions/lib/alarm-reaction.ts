/**
 * The shape every alarm-driven handler shares. It takes either an alarm state change from EventBridge or a
 * batch of its own follow-ups from SQS, parses them at the edge, plans through core, carries the plan out
 * safely and logs the decision. Anything unexpected is rethrown (EventBridge) or fails its record (SQS), so
 * retries and the DLQs keep what failed.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type AlarmTrigger, triggerFromEvent } from "../../core/alarms/event.js";
import { FollowUpSchema, followUpEffect, isDue } from "../../core/alarms/follow-up.js";
import { guardFreshness, readFreshness } from "../../core/alarms/freshness.js";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { parseEvent } from "../../core/kernel/parse.js";
import { act, type Plan, skip } from "../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../core/kernel/reaction.js";
import { AlarmStateChangeEventSchema, SqsEventSchema } from "../../events/index.js";
import { logger } from "./logger.js";
import { currentRuntime, need, type Runtime, reactionContext } from "./runtime.js";

export type PlanAlarm = (trigger: AlarmTrigger, runtime: Runtime) => Plan | Promise<Plan>;

export interface AlarmReactionOptions {
  /** Adds what this reaction needs beyond the shared runtime (its ports and executors). */
  extend?: (runtime: Runtime) => Runtime | Promise<Runtime>;
}

export function alarmReaction(functionName: string, plan: PlanAlarm, options: AlarmReactionOptions = {}) {
  const runtimeOf = async () => {
    const shared = await currentRuntime();
    return options.extend ? options.extend(shared) : shared;
  };
  return middy(async (input: unknown, context: Context): Promise<ReactionResult | SQSBatchResponse> => {
    if (isSqsEvent(input)) {
      const batch = parseEvent(SqsEventSchema, input, "SQS batch") as unknown as SQSEvent;
      const runtime = await runtimeOf();
      return processPartialResponse(
        batch,
        (record: SQSRecord) => followUp(functionName, plan, record, runtime),
        new BatchProcessor(EventType.SQS),
        // One by one: two follow-ups of one episode must not race each other.
        { context, processInParallel: false },
      );
    }
    const event = parseEvent(AlarmStateChangeEventSchema, input, "CloudWatch alarm state change");
    return react(functionName, plan, triggerFromEvent(event), await runtimeOf());
  }).use(injectLambdaContext(logger, { resetKeys: true }));
}

async function react(functionName: string, plan: PlanAlarm, trigger: AlarmTrigger, runtime: Runtime) {
  // The freshness reads run beside the decision's own reads, not before them: no round trip in series.
  const [planned, freshness] = await Promise.all([
    plan(trigger, runtime),
    readFreshness(trigger, { alarms: need(runtime, "alarms"), store: runtime.store, now: runtime.now }),
  ]);
  const decided = guardFreshness(planned, freshness);
  logger.info("decided", {
    alarm: trigger.alarmName,
    state: trigger.state.value,
    followUp: trigger.followUp,
    ageMs: freshness.ageMs,
    plan: decided,
  });
  const result = await carryOut(
    decided,
    { subject: trigger.alarmName, eventId: trigger.id },
    reactionContext(runtime, functionName),
  );
  logger.info("carried out", { status: result.status, mode: result.mode });
  return result;
}

async function followUp(functionName: string, plan: PlanAlarm, record: SQSRecord, runtime: Runtime) {
  const message = parseEvent(FollowUpSchema, parseJson(record.body), "follow-up message");
  const now = runtime.now();
  const meta = { subject: message.alarmName, eventId: record.messageId };
  const ctx = reactionContext(runtime, functionName);
  if (!isDue(message, now)) {
    const wait = followUpEffect(message, now, `not due before ${message.dueAt}: wait again`);
    return carryOut(act("follow-up not due yet", [wait], `defer#${record.messageId}`), meta, ctx);
  }
  const state = await need(runtime, "alarms").read(message.alarmName);
  if (!state) return carryOut(skip("alarm-gone", `alarm ${message.alarmName} no longer exists`), meta, ctx);
  return react(
    functionName,
    plan,
    { id: record.messageId, alarmName: message.alarmName, state, followUp: message },
    runtime,
  );
}

function isSqsEvent(input: unknown): input is SQSEvent {
  const records = (input as { Records?: { eventSource?: string }[] } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => r?.eventSource === "aws:sqs");
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new InvalidEventError(`follow-up message is not JSON: ${(cause as Error).message}`, { cause });
  }
}
