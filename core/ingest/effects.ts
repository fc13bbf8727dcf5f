/**
 * The effects of the ingest: put a row change on the app bus, or, when that fails, keep it in the fallback
 * queue. Buses and queues are named logically; the adapters resolve names and URLs from the runtime environment.
 */

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

declare module "../kernel/queues.js" {
  interface QueueRegistry {
    /** Row changes the ingest could not put on the app bus, kept for redrive; the body is sent as is, with
     * string message attributes for filtering and reading in the console. */
    ingestFallback: { body: string; attributes: Record<string, string> };
  }
}
