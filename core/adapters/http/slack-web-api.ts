/**
 * `slack.chat.postMessage` and `slack.chat.update` through the Slack Web API with a bot token. A 429 is
 * retried after Slack's `retry-after`, within a bounded wait; beyond it the effect fails and the event's own
 * retry comes back later. Slack allows about one message per second per channel.
 * https://api.slack.com/methods/chat.postMessage, https://api.slack.com/apis/rate-limits
 */

import { HttpStatusError, SlackApiError, snippetOf } from "../../kernel/adapter-errors.js";
import type { Executor } from "../../kernel/ports.js";
import type { SlackMessageRef } from "../../notifications/effects.js";
import { type HttpAnswer, type HttpPolicy, httpClient, jsonOf } from "./client.js";

export interface SlackWebApiOptions {
  /** e.g. `https://slack.com/api` (the stage's `notifications.slackApiUrl`). */
  baseUrl: string;
  /** The bot token, read when the first call needs it. */
  token: () => Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per call, 429s included. */
  maxAttempts?: number;
  /** Seconds one call may spend waiting on `retry-after` in total. */
  maxRetryWaitSeconds?: number;
  timeoutMs?: number;
}

export interface SlackWebApi {
  postMessage: Executor<"slack.chat.postMessage">;
  update: Executor<"slack.chat.update">;
}

export function slackWebApi(options: SlackWebApiOptions): SlackWebApi {
  const send = slackSender(options);
  return {
    postMessage: (effect) =>
      send("chat.postMessage", {
        channel: effect.channel,
        text: effect.text,
        blocks: effect.blocks,
        ...(effect.threadTs && { thread_ts: effect.threadTs }),
        unfurl_links: false,
        unfurl_media: false,
      }),
    update: (effect) =>
      send("chat.update", { channel: effect.channel, ts: effect.ts, text: effect.text, blocks: effect.blocks }),
  };
}

/**
 * A 429 waits Slack's `retry-after` (whole seconds; a missing or odd header waits one second), at most 10 s
 * per call in all; an `ok: false, error: "ratelimited"` body counts as the same answer. Nothing else is retried.
 */
export const SLACK_POLICY = {
  attempts: 3,
  maxWaitMs: 10_000,
  timeoutMs: 5_000,
  honourRetryAfter: true,
  retryAfterFallbackMs: 1_000,
  rateLimited: (answer: HttpAnswer) =>
    answer.status === 429 || jsonOf<{ ok?: boolean; error?: string }>(answer)?.error === "ratelimited",
} satisfies Partial<HttpPolicy>;

/** The Slack policy with an adapter's overrides (attempts, seconds of waiting, timeout) merged over it. */
export function slackPolicy(options: {
  maxAttempts?: number;
  maxRetryWaitSeconds?: number;
  timeoutMs?: number;
}): Partial<HttpPolicy> {
  return {
    ...SLACK_POLICY,
    ...(options.maxAttempts !== undefined && { attempts: options.maxAttempts }),
    ...(options.maxRetryWaitSeconds !== undefined && { maxWaitMs: options.maxRetryWaitSeconds * 1000 }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
}

function slackSender(options: SlackWebApiOptions) {
  const send = httpClient(slackPolicy(options), { fetch: options.fetch, sleep: options.sleep });
  const base = options.baseUrl.replace(/\/+$/, "");
  return async (method: string, body: Record<string, unknown>): Promise<SlackMessageRef> => {
    const token = await options.token();
    const response = await send({
      api: `Slack ${method}`,
      url: `${base}/${method}`,
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      secrets: [token],
    });
    if (!response.ok) throw new HttpStatusError(`Slack ${method}`, response.status, snippetOf(response.text));
    const answer = JSON.parse(response.text) as { ok?: boolean; error?: string; channel?: string; ts?: string };
    if (!answer.ok) throw new SlackApiError(method, answer.error ?? "unknown_error");
    return { channel: answer.channel ?? String(body.channel), ts: answer.ts ?? String(body.ts) };
  };
}
