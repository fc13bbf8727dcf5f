/**
 * The effects of the ingest: put a row change on the app bus, or, when that fails, keep it in the fallback
 * queue. Buses and queues are named logically; the adapters resolve names and URLs from the runtime environment.
 */
export type BusName = "app";
export type QueueName = "ingestFallback";

export interface PutEventsEntry {
  source: string;
  detailType: string;
  /** A JSON object, as text. */
  detail: string;
}

export interface EventsPutEvents {
  type: "events.PutEvents";
  bus: BusName;
  entries: PutEventsEntry[];
}

export interface SqsSendMessage {
  type: "sqs.SendMessage";
  queue: QueueName;
  body: string;
  /** String message attributes, for filtering and reading in the console. */
  attributes: Record<string, string>;
}

declare module "../effects.js" {
  interface EffectRegistry {
    "events.PutEvents": EventsPutEvents;
    "sqs.SendMessage": SqsSendMessage;
  }
}
