/**
 * Errors of the adapters to external APIs. They never carry credentials: not the token, not the webhook URL,
 * not the routing key.
 */
import { Hero365Error } from "./errors.js";

/** An external API answered, but not with what the adapter needs (a missing service, a refused request). */
export class AdapterError extends Hero365Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AdapterError";
  }
}

/** The API kept answering 429 beyond what one invocation may wait; the event's retry tries again later. */
export class RateLimitedError extends AdapterError {
  constructor(
    readonly api: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`${api} is rate limited (retry after ${retryAfterSeconds} s)`);
    this.name = "RateLimitedError";
  }
}

/** The API answered with an HTTP status the adapter does not expect (5xx, an unknown 4xx). */
export class HttpStatusError extends AdapterError {
  constructor(
    readonly api: string,
    readonly status: number,
    body: string,
  ) {
    super(`${api} answered HTTP ${status}${body ? `: ${body}` : ""}`);
    this.name = "HttpStatusError";
  }
}

/** Slack answered `ok: false` (Web API) or an error string (incoming webhook). */
export class SlackApiError extends AdapterError {
  constructor(
    readonly method: string,
    readonly code: string,
  ) {
    super(`Slack ${method} failed: ${code}`);
    this.name = "SlackApiError";
  }
}

/** PagerDuty refused the event as invalid (HTTP 400): retrying the same event cannot succeed. */
export class PagerDutyRejectedError extends AdapterError {
  constructor(message: string) {
    super(`PagerDuty rejected the event: ${message}`);
    this.name = "PagerDutyRejectedError";
  }
}

/** A CloudWatch Logs Insights query failed or did not finish in time. */
export class LogsQueryError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LogsQueryError";
  }
}

/** The first characters of an error body, for the error message (bodies of these APIs carry no secrets). */
export function snippetOf(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, 200);
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** PutEvents answered, but some entries were not put, even after retrying the retryable ones. */
export class PutEventsFailedError extends Hero365Error {
  constructor(readonly failures: { index: number; errorCode?: string; errorMessage?: string }[]) {
    super(
      `PutEvents failed for ${failures.length} entr${failures.length === 1 ? "y" : "ies"}: ${failures
        .map((f) => `#${f.index} ${f.errorCode ?? "unknown"}${f.errorMessage ? ` (${f.errorMessage})` : ""}`)
        .join(", ")}`,
    );
    this.name = "PutEventsFailedError";
  }
}
