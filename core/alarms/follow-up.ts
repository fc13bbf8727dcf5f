/**
 * Follow-ups: EventBridge fires once per alarm state change, so a reaction that must look again while the
 * alarm stays in ALARM (the next scaling step, a re-page) sends itself a delayed SQS message. SQS delays are
 * at most 900 s; a follow-up due later is passed on again until it is due.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 */
import * as z from "zod";
import { ALARM_NAME_MAX, CloudWatchTimestampSchema } from "../../events/schemas/cloudwatch-alarm.js";
import { parseEpisodeKey } from "../episodes/key.js";
import { effect, type PlannedEffect } from "../kernel/effects.js";

export const MAX_SQS_DELAY_SECONDS = 900;

/**
 * More steps than any chain takes (scale-out stops at 24; re-pages every 15 minutes or more would take over 100
 * days), so every due time computed from a step stays a real instant.
 */
export const MAX_FOLLOW_UP_STEP = 10_000;

export const FollowUpSchema = z
  .strictObject({
    kind: z.literal("hero365.follow-up"),
    /** The function that follows up (its own queue). */
    /** A Lambda function's name: at most 64 characters. */
    functionName: z.string().min(1).max(64),
    alarmName: z.string().min(1).max(ALARM_NAME_MAX),
    /** `<alarm name>#<the ALARM transition's timestamp>`: reactions read the episode's start from it. */
    episodeKey: z
      .string()
      .min(1)
      .max(ALARM_NAME_MAX + 64),
    /** The step this follow-up may take; steps are exactly-once by (episode, step). */
    step: z.number().int().positive().max(MAX_FOLLOW_UP_STEP),
    /** Not to be acted on before this instant. */
    dueAt: z.iso.datetime({ offset: true }),
  })
  .refine(
    ({ alarmName, episodeKey }) => {
      const parts = parseEpisodeKey(episodeKey, alarmName);
      return parts !== undefined && CloudWatchTimestampSchema.safeParse(parts.openedAt).success;
    },
    { path: ["episodeKey"], error: "expected <alarmName>#<ISO 8601 instant of its ALARM>" },
  );
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

/** Which function follows up which episode's step, and when; `scheduleFollowUp` puts it on the wire. */
export type NextFollowUp = Omit<FollowUp, "kind" | "dueAt"> & { dueAt: Date };

/**
 * The follow-up of an episode's next step, due at `dueAt`: reactions name the step, the message's format is
 * spelled here only.
 * @example scheduleFollowUp({ functionName: "scale-ecs", alarmName, episodeKey, step: 2, dueAt }, now, "look again").delaySeconds // 300
 */
export function scheduleFollowUp(next: NextFollowUp, now: Date, reason: string): PlannedEffect {
  return followUpEffect(
    {
      kind: "hero365.follow-up",
      functionName: next.functionName,
      alarmName: next.alarmName,
      episodeKey: next.episodeKey,
      step: next.step,
      dueAt: next.dueAt.toISOString(),
    },
    now,
    reason,
  );
}

export function isDue(followUp: FollowUp, now: Date): boolean {
  return Date.parse(followUp.dueAt) <= now.getTime();
}

declare module "../kernel/queues.js" {
  interface QueueRegistry {
    /** A reaction's own follow-ups. */
    followUps: { body: FollowUp; delaySeconds: number };
  }
}
