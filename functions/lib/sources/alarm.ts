/**
 * An alarm state change from EventBridge, or a batch of the function's own follow-ups from SQS: parsed at the
 * edge, planned through core, checked for freshness, carried out safely. Anything unexpected is rethrown
 * (EventBridge) or fails its record (SQS), so retries and the DLQs keep what failed.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { type AlarmTrigger, triggerFromEvent } from "../../../core/alarms/event.js";
import { FollowUpSchema, followUpEffect, isDue } from "../../../core/alarms/follow-up.js";
import { guardFreshness, readFreshness } from "../../../core/alarms/freshness.js";
import { InvalidEventError } from "../../../core/kernel/errors.js";
import { parseEvent } from "../../../core/kernel/parse.js";
import { act, type Plan, recorded, skip } from "../../../core/kernel/plan.js";
import { carryOut, type ReactionResult } from "../../../core/kernel/reaction.js";
import { AlarmStateChangeEventSchema, SqsEventSchema } from "../../../events/index.js";
import type { DecisionLog } from "../middleware/decision-log.js";
import { type AlarmRuntime, reactionContext } from "../runtime.js";
import type { Source } from "./source.js";

export type PlanAlarm<R> = (trigger: AlarmTrigger, runtime: R) => Plan | Promise<Plan>;

export function alarm<R extends AlarmRuntime>(plan: PlanAlarm<R>): Source<R, ReactionResult | SQSBatchResponse> {
  return {
    handle: async (input, { functionName, context }) => {
      const log = context.decisions;
      if (isSqsEvent(input)) {
        const batch = parseEvent(SqsEventSchema, input, "SQS batch") as unknown as SQSEvent;
        const runtime = await context.runtime();
        return processPartialResponse(
          batch,
          (record: SQSRecord) => followUp({ functionName, plan, log, runtime }, record),
          new BatchProcessor(EventType.SQS),
          // One by one: two follow-ups of one episode must not race each other.
          { context, processInParallel: false },
        );
      }
      const event = parseEvent(AlarmStateChangeEventSchema, input, "CloudWatch alarm state change");
      const trigger = triggerFromEvent(event);
      return react({ functionName, plan, log, runtime: await context.runtime() }, trigger);
    },
  };
}

interface Reacting<R> {
  functionName: string;
  plan: PlanAlarm<R>;
  log: DecisionLog;
  runtime: R;
}

async function react<R extends AlarmRuntime>(r: Reacting<R>, trigger: AlarmTrigger) {
  const { runtime } = r;
  // The freshness reads run beside the decision's own reads, not before them: no round trip in series.
  const [planned, freshness] = await Promise.all([
    r.plan(trigger, runtime),
    readFreshness(trigger, { alarms: runtime.alarms, store: runtime.store, now: runtime.now }),
  ]);
  const decided = guardFreshness(planned, freshness);
  r.log.decided({
    alarm: trigger.alarmName,
    state: trigger.state.value,
    followUp: trigger.followUp,
    ageMs: freshness.ageMs,
    // A plan still completing is logged as decided so far (a page before its diagnostics); the audit has it whole.
    plan: recorded(decided),
    ...(decided.completing && { completing: true }),
  });
  const result = await carryOut(
    decided,
    { subject: trigger.alarmName, eventId: trigger.id },
    reactionContext(runtime, r.functionName),
  );
  r.log.carriedOut(result);
  return result;
}

async function followUp<R extends AlarmRuntime>(r: Reacting<R>, record: SQSRecord) {
  const { runtime } = r;
  const message = parseEvent(FollowUpSchema, parseJson(record.body), "follow-up message");
  const now = runtime.now();
  const meta = { subject: message.alarmName, eventId: record.messageId };
  const ctx = reactionContext(runtime, r.functionName);
  if (!isDue(message, now)) {
    const wait = followUpEffect(message, now, `not due before ${message.dueAt}: wait again`);
    return carryOut(act("follow-up not due yet", [wait], `defer#${record.messageId}`), meta, ctx);
  }
  const state = await runtime.alarms.read(message.alarmName);
  if (!state) return carryOut(skip("alarm-gone", `alarm ${message.alarmName} no longer exists`), meta, ctx);
  return react(r, { id: record.messageId, alarmName: message.alarmName, state, followUp: message });
}

function isSqsEvent(input: unknown): input is SQSEvent {
  const records = (input as { Records?: { eventSource?: unknown }[] } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => r?.eventSource === "aws:sqs");
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (cause) {
    throw new InvalidEventError(`follow-up message is not JSON: ${(cause as Error).message}`, { cause });
  }
}
