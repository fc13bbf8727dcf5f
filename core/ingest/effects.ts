/**
 * The effects of the ingest: put a row change on the app bus, or, when that fails, keep it in the fallback
 * queue. Buses and queues are named logically; the adapters resolve names and URLs from the runtime environment.
 */
import "../kernel/queues.js";

export type BusName = "app";

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

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "events.PutEvents": EventsPutEvents;
  }
}
