/**
 * `slack.webhook.post` through an incoming webhook: the fallback when no bot token is set. A webhook answers
 * `ok` and no `ts`, so its messages cannot be edited: every notice of an episode is a new message.
 * https://api.slack.com/messaging/webhooks
 */

import { HttpStatusError, SlackApiError, snippetOf } from "../../kernel/adapter-errors.js";
import type { Executor } from "../../kernel/ports.js";
import { httpClient } from "./client.js";
import { slackPolicy } from "./slack-web-api.js";

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
  // A webhook answers plain text, so only its 429 says "rate limited".
  const send = httpClient(
    { ...slackPolicy(options), rateLimited: (answer) => answer.status === 429 },
    { fetch: options.fetch, sleep: options.sleep },
  );
  return async (effect) => {
    const url = await options.url();
    const response = await send({
      api: "Slack webhook",
      url,
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ text: effect.text, blocks: effect.blocks }),
      secrets: [url],
    });
    const body = snippetOf(response.text);
    // Webhooks answer 4xx with a code such as `invalid_blocks` or `no_service` in the body.
    if (response.status >= 400 && response.status < 500)
      throw new SlackApiError("incoming webhook", body || `HTTP ${response.status}`);
    if (!response.ok) throw new HttpStatusError("Slack webhook", response.status, body);
    return { ok: true };
  };
}
