/**
 * The fallback queue's consumer: a row change PutEvents once refused goes onto the app bus as it would have
 * been. A refusal again throws, so its record fails alone and SQS delivers it again after the queue's
 * visibility timeout, up to the queue's bound, then parks it in the alarmed DLQ. Downstream is exactly once:
 * a redrive that reaches the bus twice (the put succeeded, the delete did not) is a duplicate event, and every
 * consumer already absorbs those (the invoice worker's idempotency keys on the invoice version).
 */
import type { IngestFallbackMessage } from "../../events/schemas/ingest-fallback.js";
import { type AppliedEffect, applyEffects } from "../applier.js";
import { effect } from "../effects.js";
import type { Executors } from "../ports.js";
import "./effects.js";

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

/**
 * Puts one kept event on the app bus; throws EffectFailedError when PutEvents refuses it again.
 * @example (await redriveEvent(message, ctx)).status // "forwarded"
 */
export async function redriveEvent(message: IngestFallbackMessage, ctx: RedriveContext): Promise<RedriveResult> {
  const put = effect(
    {
      type: "events.PutEvents",
      bus: message.bus,
      entries: [{ source: message.source, detailType: message.detailType, detail: message.detail }],
    },
    `redrive webhook ${message.webhookId} (${message.detailType}) to the app bus: PutEvents refused it at ${message.receivedAt} (${message.failure})`,
  );
  const [applied] = await applyEffects([put], ctx);
  return {
    webhookId: message.webhookId,
    detailType: message.detailType,
    status: applied?.status === "recorded" ? "recorded" : "forwarded",
    delaySeconds: Math.max(0, Math.round((ctx.now().getTime() - Date.parse(message.receivedAt)) / 1000)),
  };
}
