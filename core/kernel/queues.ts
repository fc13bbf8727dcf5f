/**
 * `sqs.SendMessage`, for every queue an effect may send to. Queues are named logically; the adapter resolves
 * their URLs from the runtime environment. The body's shape depends on the queue.
 */
import type { FollowUp } from "../alarms/follow-up.js";

export type SqsSendMessage =
  | {
      type: "sqs.SendMessage";
      /** A reaction's own follow-ups (core/alarms/follow-up.ts). */
      queue: "followUps";
      body: FollowUp;
      delaySeconds: number;
    }
  | {
      type: "sqs.SendMessage";
      /** Row changes the ingest could not put on the app bus, kept for redrive (core/ingest/). */
      queue: "ingestFallback";
      /** Sent as is. */
      body: string;
      /** String message attributes, for filtering and reading in the console. */
      attributes: Record<string, string>;
    };

export type QueueName = SqsSendMessage["queue"];

/** Hides a received message for a while: a consumer's backoff before SQS hands a failed message back. */
export interface SqsChangeMessageVisibility {
  type: "sqs.ChangeMessageVisibility";
  queue: "ingestFallback";
  receiptHandle: string;
  /** At most 43,200 (12 hours). */
  visibilityTimeoutSeconds: number;
}

declare module "./effects.js" {
  interface EffectRegistry {
    "sqs.SendMessage": SqsSendMessage;
    "sqs.ChangeMessageVisibility": SqsChangeMessageVisibility;
  }
}
