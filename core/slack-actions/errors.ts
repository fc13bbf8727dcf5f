/**
 * Errors of the Slack interactivity endpoint. A rejection is an answer to the sender (a 4xx, nothing done), not
 * a failure of ours.
 */
import { Hero365Error } from "../kernel/errors.js";

export const SLACK_REJECTION_STATUS = {
  "method-not-allowed": 405,
  "too-large": 413,
  unauthorized: 401,
  "unsupported-media-type": 415,
  "invalid-payload": 400,
  "wrong-stage": 400,
} as const;

export type SlackRejectionCode = keyof typeof SLACK_REJECTION_STATUS;

export class SlackRequestRejectedError extends Hero365Error {
  readonly status: number;

  constructor(
    readonly code: SlackRejectionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SlackRequestRejectedError";
    this.status = SLACK_REJECTION_STATUS[code];
  }
}
