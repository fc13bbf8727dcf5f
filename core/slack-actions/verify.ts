/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack): the header
 * `X-Slack-Signature` holds `v0=` and the hex HMAC-SHA256, keyed with the app's signing secret, of
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`; a timestamp more than 5 minutes from now is refused, so a
 * captured request cannot be replayed later (a replay inside the window is caught by the endpoint's replay
 * record, core/slack-actions/answer.ts).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { SlackRequestRejectedError } from "./errors.js";

export const SLACK_TOLERANCE_SECONDS = 5 * 60;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

/**
 * The signature Slack sends for `body` at `timestamp` (seconds since the epoch, as the header carries it).
 * @example slackSignature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) // "v0=a2114d57…"
 */
export function slackSignature(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`, "utf8").digest("hex")}`;
}

/**
 * Checks the request comes from Slack, now; returns the signature (the replay record's key). Throws
 * `SlackRequestRejectedError("unauthorized")` otherwise.
 * @example verifySlackRequest(headers, body, { secret, now: new Date() }) // "v0=…"
 */
export function verifySlackRequest(
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
  { secret, now }: { secret: string; now: Date },
): { signature: string; timestamp: number } {
  const timestamp = headers["x-slack-request-timestamp"];
  const signature = headers["x-slack-signature"];
  if (!timestamp || !signature) throw unauthorized("missing X-Slack-Request-Timestamp or X-Slack-Signature header");
  if (!TIMESTAMP.test(timestamp))
    throw unauthorized("invalid X-Slack-Request-Timestamp: expected seconds since the epoch");
  const seconds = Number(timestamp);
  if (Math.abs(Math.floor(now.getTime() / 1000) - seconds) > SLACK_TOLERANCE_SECONDS) {
    throw unauthorized(`X-Slack-Request-Timestamp is more than ${SLACK_TOLERANCE_SECONDS / 60} minutes away from now`);
  }
  if (!SIGNATURE.test(signature)) throw unauthorized("invalid X-Slack-Signature: expected v0=<64 hex digits>");
  const expected = Buffer.from(slackSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  // Both are 67 ASCII bytes here (the pattern above): the comparison leaks nothing about where they differ.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized("wrong signature");
  return { signature, timestamp: seconds };
}

function unauthorized(message: string): SlackRequestRejectedError {
  return new SlackRequestRejectedError("unauthorized", message);
}
