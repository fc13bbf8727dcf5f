/**
 * Errors of the webhook ingest. A rejection is an answer to the sender (a 4xx with the reason), not a failure
 * of ours; `EventNotStoredError` is a failure: a valid event reached neither the bus nor the fallback queue.
 */
import { Hero365Error } from "../kernel/errors.js";

export const REJECTION_STATUS = {
  "method-not-allowed": 405,
  "too-large": 413,
  unauthorized: 401,
  "invalid-json": 400,
  "invalid-payload": 400,
  "unknown-table": 422,
} as const;

export type RejectionCode = keyof typeof REJECTION_STATUS;

/** The request is refused; `status` and the message go back to the sender. */
export class WebhookRejectedError extends Hero365Error {
  readonly status: number;

  constructor(
    readonly code: RejectionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "WebhookRejectedError";
    this.status = REJECTION_STATUS[code];
  }
}

/** Neither PutEvents nor the fallback queue took a valid event; `cause` keeps the queue's error. */
export class EventNotStoredError extends Hero365Error {
  constructor(
    readonly webhookId: string,
    options: { cause: unknown },
  ) {
    super(`webhook ${webhookId}: the event reached neither the app bus nor the fallback queue`, options);
    this.name = "EventNotStoredError";
  }
}
