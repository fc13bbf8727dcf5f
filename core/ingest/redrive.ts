/**
 * The fallback queue's consumer: a row change PutEvents once refused goes onto the app bus as it would have
 * been. A refusal again hides the message for a growing while (1, 2, 4, 8, then 15 minutes) and throws, so its
 * record fails alone and SQS hands it back after that backoff, up to the queue's bound, then parks it in the
 * alarmed DLQ. Downstream is exactly once:
 * a redrive that reaches the bus twice (the put succeeded, the delete did not) is a duplicate event, and every
 * consumer already absorbs those (the invoice worker's idempotency keys on the invoice version).
 */
import type { IngestFallbackMessage } from "../../events/schemas/ingest-fallback.js";
import { type AppliedEffect, applyEffects } from "../kernel/applier.js";
import { effect } from "../kernel/effects.js";
import { EffectFailedError } from "../kernel/errors.js";
import type { Executors } from "../kernel/ports.js";
import "./effects.js";
import "../kernel/queues.js";

export interface RedriveContext {
  dryRun: boolean;
  executors: Executors;
  onEffect?: (applied: AppliedEffect) => void;
  now: () => Date;
}

export interface RedriveResult extends Record<string, unknown> {
  webhookId: string;
  detailType: string;
  status: "forwarded" | "recorded";
  /** How long the event waited between the webhook and the bus, in seconds. */
  delaySeconds: number;
}

/** Where the message is in its queue: the handle to hide it with, and how often SQS has handed it out. */
export interface Delivery {
  receiptHandle: string;
  receives: number;
}

/**
 * How long a message waits after its `receives`-th failed try: doubling from a minute, at most 15 minutes.
 * @example backoffSeconds(1) // 60; backoffSeconds(3) // 240; backoffSeconds(9) // 900
 */
export function backoffSeconds(receives: number): number {
  return Math.min(900, 60 * 2 ** Math.max(0, receives - 1));
}

/**
 * Puts one kept event on the app bus; when PutEvents refuses it again, hides the message for the backoff and
 * throws the EffectFailedError, so the record fails.
 * @example (await redriveEvent(message, { receiptHandle, receives: 1 }, ctx)).status // "forwarded"
 */
export async function redriveEvent(
  message: IngestFallbackMessage,
  delivery: Delivery,
  ctx: RedriveContext,
): Promise<RedriveResult> {
  const put = effect(
    {
      type: "events.PutEvents",
      bus: message.bus,
      entries: [{ source: message.source, detailType: message.detailType, detail: message.detail }],
    },
    `redrive webhook ${message.webhookId} (${message.detailType}) to the app bus: PutEvents refused it at ${message.receivedAt} (${message.failure})`,
  );
  let applied: AppliedEffect | undefined;
  try {
    [applied] = await applyEffects([put], ctx);
  } catch (error) {
    if (!(error instanceof EffectFailedError)) throw error;
    const seconds = backoffSeconds(delivery.receives);
    const wait = effect(
      {
        type: "sqs.ChangeMessageVisibility",
        queue: "ingestFallback",
        receiptHandle: delivery.receiptHandle,
        visibilityTimeoutSeconds: seconds,
      },
      `PutEvents refused webhook ${message.webhookId} again (try ${delivery.receives}): try again in ${seconds} s`,
    );
    // Without the backoff the message still comes back, after the queue's own visibility timeout.
    await applyEffects([wait], ctx).catch((waitError: unknown) => {
      if (!(waitError instanceof EffectFailedError)) throw waitError;
    });
    throw error;
  }
  return {
    webhookId: message.webhookId,
    detailType: message.detailType,
    status: applied?.status === "recorded" ? "recorded" : "forwarded",
    delaySeconds: Math.max(0, Math.round((ctx.now().getTime() - Date.parse(message.receivedAt)) / 1000)),
  };
}
