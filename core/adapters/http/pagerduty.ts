/**
 * `pagerduty.trigger` and `pagerduty.resolve` through PagerDuty Events API v2. The dedup_key is the episode
 * key, so a repeated trigger updates the open alert and the resolve closes it. 429 (about 120 events per
 * minute per routing key) and 5xx are retried with exponential backoff within the invocation; beyond that the
 * effect fails and the event's own retry (then its DLQ) keeps it.
 * https://developer.pagerduty.com/docs/events-api-v2/overview/
 */

import type { Executor } from "../../kernel/ports.js";
import type { PagerDutyResolve, PagerDutyTrigger } from "../../notifications/effects.js";
import "../../slack-actions/effects.js";
import { HttpStatusError, PagerDutyRejectedError, snippetOf } from "../../kernel/adapter-errors.js";
import { type HttpAnswer, type HttpPolicy, httpClient, jsonOf } from "./client.js";

export interface PagerDutyOptions {
  /** e.g. `https://events.pagerduty.com` (the stage's `notifications.pagerdutyEventsUrl`). */
  baseUrl: string;
  /** The integration's routing key, read when the first event needs it. */
  routingKey: () => Promise<string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  /** First backoff; doubles on each retry. */
  backoffMs?: number;
  timeoutMs?: number;
}

export interface PagerDutyEvents {
  trigger: Executor<"pagerduty.trigger">;
  resolve: Executor<"pagerduty.resolve">;
  acknowledge: Executor<"pagerduty.acknowledge">;
}

const CLIENT = "hero365 scaling pipeline";

export function pagerDutyEvents(options: PagerDutyOptions): PagerDutyEvents {
  const send = sender(options);
  return {
    trigger: (effect: PagerDutyTrigger) =>
      send({
        event_action: "trigger",
        dedup_key: effect.dedupKey,
        payload: {
          summary: effect.summary,
          source: effect.source,
          severity: effect.severity,
          component: effect.component,
          group: effect.group,
          class: effect.class,
          custom_details: effect.customDetails,
        },
        links: effect.links,
        client: CLIENT,
        ...(effect.links[0] && { client_url: effect.links[0].href }),
      }),
    resolve: (effect: PagerDutyResolve) => send({ event_action: "resolve", dedup_key: effect.dedupKey }),
    acknowledge: (effect) => send({ event_action: "acknowledge", dedup_key: effect.dedupKey }),
  };
}

/** 429 (about 120 events per minute per routing key) and 5xx back off 1, 2, 4 s; PagerDuty sends no Retry-After. */
const PAGERDUTY_POLICY = {
  attempts: 4,
  baseDelayMs: 1_000,
  timeoutMs: 5_000,
  rateLimited: (answer: HttpAnswer) => answer.status === 429,
  retryStatus: (status: number) => status >= 500,
} satisfies Partial<HttpPolicy>;

function sender(options: PagerDutyOptions) {
  const send = httpClient(
    {
      ...PAGERDUTY_POLICY,
      ...(options.maxAttempts !== undefined && { attempts: options.maxAttempts }),
      ...(options.backoffMs !== undefined && { baseDelayMs: options.backoffMs }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    },
    { fetch: options.fetch, sleep: options.sleep },
  );
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v2/enqueue`;
  return async (event: Record<string, unknown>): Promise<{ dedupKey: string }> => {
    const routingKey = await options.routingKey();
    const answer = await send({
      api: "PagerDuty Events API",
      url,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ routing_key: routingKey, ...event }),
      secrets: [routingKey],
    });
    if (answer.ok) {
      const accepted = jsonOf<{ dedup_key?: string }>(answer);
      return { dedupKey: accepted?.dedup_key ?? String(event.dedup_key) };
    }
    if (answer.status === 400) throw new PagerDutyRejectedError(snippetOf(answer.text));
    throw new HttpStatusError("PagerDuty Events API", answer.status, snippetOf(answer.text));
  };
}
