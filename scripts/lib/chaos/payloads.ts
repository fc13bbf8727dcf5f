/** The payloads a history's deliveries carry (SQS batches, scheduled events) and how the timeline names them. */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FollowUpMessage } from "../../../sim/executors.js";
import type { Delivery } from "./history.js";

const SCHEDULED_SAMPLE = path.resolve(import.meta.dirname, "../../../events/scheduled/supabase-metrics.json");

/** A follow-up on its way through the queue. */
export interface FollowUpDelivery {
  messageId: string;
  body: FollowUpMessage["body"];
  sentAt: number;
  receiveCount: number;
}

export function sqsEvent(message: FollowUpDelivery, now: number, region: string) {
  const body = JSON.stringify(message.body);
  return {
    Records: [
      {
        messageId: message.messageId,
        receiptHandle: `chaos-${message.messageId}-${message.receiveCount}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: "CHAOS",
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: "",
        eventSource: "aws:sqs",
        eventSourceARN: `arn:aws:sqs:${region}:123456789012:${message.body.functionName}-follow-ups`,
        awsRegion: region,
      },
    ],
  };
}

export function describeDelivery(d: Delivery): string {
  if (d.kind === "lost") return "LOST (never delivered)";
  if (d.kind === "redrive") return `dead-lettered, redriven ${d.afterDays} d later`;
  const copies = d.delaysSeconds.map((s) => late(s * 1000));
  return d.delaysSeconds.length === 1 ? `delivered ${copies[0]}` : `delivered ${copies.length}× (${copies.join(", ")})`;
}

export function late(ms: number): string {
  if (ms < 60_000) return `+${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  return minutes < 120 ? `${minutes} min late` : `${(minutes / 60).toFixed(1)} h late`;
}

let scheduledTemplate: Record<string, unknown> | undefined;

export function scheduledEvent(at: number, id: string): Record<string, unknown> {
  scheduledTemplate ??= JSON.parse(readFileSync(SCHEDULED_SAMPLE, "utf8")) as Record<string, unknown>;
  const event = structuredClone(scheduledTemplate);
  const region = event.region as string;
  return {
    ...event,
    id,
    time: `${new Date(at).toISOString().slice(0, 19)}Z`,
    resources: [`arn:aws:events:${region}:${event.account}:rule/hero365-reconcile-schedule`],
  };
}
