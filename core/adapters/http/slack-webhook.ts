/**
 * `slack.webhook.post` through an incoming webhook: the fallback when no bot token is set. A webhook answers
 * `ok` and no `ts`, so its messages cannot be edited: every notice of an episode is a new message.
 * https://api.slack.com/messaging/webhooks
 */

import {
  bodySnippet,
  HttpStatusError,
  RateLimitedError,
  realSleep,
  SlackApiError,
} from "../../kernel/adapter-errors.js";
import type { Executor } from "../../kernel/ports.js";
import { withoutSecrets } from "./redact.js";
import { retryAfterSeconds } from "./slack-web-api.js";

export interface SlackWebhookOptions {
  /** The webhook URL (a secret: it never appears in errors or logs). */
  url: () => Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  maxRetryWaitSeconds?: number;
  timeoutMs?: number;
}

export function slackWebhook(options: SlackWebhookOptions): Executor<"slack.webhook.post"> {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWait = options.maxRetryWaitSeconds ?? 10;
  return async (effect) => {
    const url = await options.url();
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const response = await withoutSecrets([url], () =>
        fetchImpl(url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify({ text: effect.text, blocks: effect.blocks }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        }),
      );
      if (response.status === 429) {
        const wait = retryAfterSeconds(response);
        await response.body?.cancel();
        if (attempt >= maxAttempts || waited + wait > maxWait) throw new RateLimitedError("Slack webhook", wait);
        waited += wait;
        await sleep(wait * 1000);
        continue;
      }
      const body = await bodySnippet(response);
      // Webhooks answer 4xx with a code such as `invalid_blocks` or `no_service` in the body.
      if (response.status >= 400 && response.status < 500)
        throw new SlackApiError("incoming webhook", body || `HTTP ${response.status}`);
      if (!response.ok) throw new HttpStatusError("Slack webhook", response.status, body);
      return { ok: true };
    }
  };
}
