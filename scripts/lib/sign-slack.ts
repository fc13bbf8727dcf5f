/** Signs a Slack interaction the way Slack does, for the samples, the tests and `npm run sign-slack`. */
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { slackSignature } from "../../core/slack-actions/verify.js";
import { functionUrlEvent } from "./function-url-server.js";

/** The form body Slack POSTs for an interaction: `payload=<url-encoded JSON>`. */
export function slackFormBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The headers Slack sends with `body` at `at`. */
export function slackSignedHeaders(body: string, secret: string, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": slackSignature(secret, timestamp, body),
  };
}

/** The Function URL event of a signed interaction carrying `payload`, as the slack-actions function receives it. */
export function signedSlackEvent(payload: unknown, secret: string, at: Date): LambdaFunctionURLEvent {
  const body = slackFormBody(payload);
  const host = "example.lambda-url.us-east-1.on.aws";
  return functionUrlEvent({
    method: "POST",
    target: "/",
    headers: {
      ...slackSignedHeaders(body, secret, at),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      host,
    },
    body: Buffer.from(body),
    sourceIp: "203.0.113.20",
    host,
    at,
  });
}
