/**
 * Follow-ups: EventBridge fires once per alarm state change, so a reaction that must look again while the
 * alarm stays in ALARM (the next scaling step, a re-page) sends itself a delayed SQS message. SQS delays are
 * at most 900 s; a follow-up due later is passed on again until it is due.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
import * as z from "zod";
import { effect, type PlannedEffect } from "./effects.js";
import "./queues.js";

export const MAX_SQS_DELAY_SECONDS = 900;

export const FollowUpSchema = z.strictObject({
  kind: z.literal("hero365.follow-up"),
  /** The function that follows up (its own queue). */
  functionName: z.string().min(1),
  alarmName: z.string().min(1),
  episodeKey: z.string().min(1),
  /** The step this follow-up may take; steps are exactly-once by (episode, step). */
  step: z.number().int().positive(),
  /** Not to be acted on before this instant. */
  dueAt: z.iso.datetime({ offset: true }),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

/**
 * The effect that brings `followUp` back to its function when it is due (or as close as SQS allows).
 * @example followUpEffect(f, now, "re-check after the cooldown").delaySeconds // 300
 */
export function followUpEffect(followUp: FollowUp, now: Date, reason: string): PlannedEffect {
  const wait = Math.ceil((Date.parse(followUp.dueAt) - now.getTime()) / 1000);
  return effect(
    {
      type: "sqs.SendMessage",
      queue: "followUps",
      body: followUp,
      delaySeconds: Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, wait)),
    },
    reason,
  );
}

export function isDue(followUp: FollowUp, now: Date): boolean {
  return Date.parse(followUp.dueAt) <= now.getTime();
}
