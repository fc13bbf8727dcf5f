/**
 * `slack.chat.postMessage` and `slack.chat.update` through the Slack Web API with a bot token. A 429 is
 * retried after Slack's `retry-after`, within a bounded wait; beyond it the effect fails and the event's own
 * retry comes back later. Slack allows about one message per second per channel.
 * https://api.slack.com/methods/chat.postMessage, https://api.slack.com/apis/rate-limits
 */

import {
  bodySnippet,
  HttpStatusError,
  RateLimitedError,
  realSleep,
  SlackApiError,
} from "../../kernel/adapter-errors.js";
import type { Executor } from "../../kernel/ports.js";
import type { SlackMessageRef } from "../../notifications/effects.js";
import { withoutSecrets } from "./redact.js";

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

function slackSender(options: SlackWebApiOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWait = options.maxRetryWaitSeconds ?? 10;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const base = options.baseUrl.replace(/\/+$/, "");
  return async (method: string, body: Record<string, unknown>): Promise<SlackMessageRef> => {
    const token = await options.token();
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await withoutSecrets([token], () =>
        fetchImpl(`${base}/${method}`, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        }),
      );
      if (response.status === 429) {
        const wait = retryAfterSeconds(response);
        await response.body?.cancel();
        if (attempt >= maxAttempts || waited + wait > maxWait) throw new RateLimitedError(`Slack ${method}`, wait);
        waited += wait;
        await sleep(wait * 1000);
        continue;
      }
      if (!response.ok) throw new HttpStatusError(`Slack ${method}`, response.status, await bodySnippet(response));
      const answer = (await response.json()) as { ok?: boolean; error?: string; channel?: string; ts?: string };
      if (!answer.ok) throw new SlackApiError(method, answer.error ?? "unknown_error");
      return { channel: answer.channel ?? String(body.channel), ts: answer.ts ?? String(body.ts) };
    }
  };
}

/** Slack sends whole seconds; a missing or odd header waits one second. */
export function retryAfterSeconds(response: Response): number {
  const value = Number(response.headers.get("retry-after"));
  return Number.isFinite(value) && value >= 0 ? value : 1;
}
