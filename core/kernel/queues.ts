/**
 * `sqs.SendMessage`, for every queue an effect may send to. Queues are named logically; the adapter resolves
 * their URLs from the runtime environment. Each feature declares its queue and the message it sends there:
 *
 *   declare module "../kernel/queues.js" { interface QueueRegistry { followUps: { body: FollowUp; ... } } }
 */

/** A queue's name → what is sent to it besides its name (filled by the features that send). */
// biome-ignore lint/suspicious/noEmptyInterface: the registry is filled by declaration merging
export interface QueueRegistry {}

export type QueueName = keyof QueueRegistry;

export type SqsSendMessage = {
  [Q in QueueName]: { type: "sqs.SendMessage"; queue: Q } & QueueRegistry[Q];
}[QueueName];

/** Hides a received message for a while: a consumer's backoff before SQS hands a failed message back. */
export interface SqsChangeMessageVisibility {
  type: "sqs.ChangeMessageVisibility";
  queue: QueueName;
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
