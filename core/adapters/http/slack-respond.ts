/**
 * `slack.respond`: a reply through an interaction's `response_url` (no token: the URL is the credential, valid
 * 30 minutes for up to 5 replies). https://api.slack.com/interactivity/handling#message_responses
 * The timeout is short: the reply is sent inside the interaction's 3-second answer.
 */
import type { Executor } from "../../kernel/ports.js";
import "../../slack-actions/effects.js";
import { HttpStatusError, snippetOf } from "../../kernel/adapter-errors.js";
import { httpClient } from "./client.js";

export function slackRespond(options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Executor<"slack.respond"> {
  const send = httpClient({ timeoutMs: options.timeoutMs ?? 2_000 }, { fetch: options.fetch });
  return async (effect) => {
    const response = await send({
      api: "Slack response_url",
      url: effect.url,
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({
        response_type: effect.responseType,
        replace_original: effect.replaceOriginal !== undefined,
        text: effect.text,
        ...(effect.replaceOriginal && { blocks: effect.replaceOriginal.blocks }),
      }),
      secrets: [effect.url],
    });
    if (!response.ok) throw new HttpStatusError("Slack response_url", response.status, snippetOf(response.text));
    return { ok: true };
  };
}
