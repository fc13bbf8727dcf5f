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
import {
  bodySnippet,
  HttpStatusError,
  PagerDutyRejectedError,
  RateLimitedError,
  realSleep,
} from "../../kernel/adapter-errors.js";

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

function sender(options: PagerDutyOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const maxAttempts = options.maxAttempts ?? 4;
  const backoffMs = options.backoffMs ?? 1_000;
  const url = `${options.baseUrl.replace(/\/+$/, "")}/v2/enqueue`;
  return async (event: Record<string, unknown>): Promise<{ dedupKey: string }> => {
    const body = JSON.stringify({ routing_key: await options.routingKey(), ...event });
    for (let attempt = 1; ; attempt++) {
      const response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (response.status === 202 || response.ok) {
        const answer = (await response.json().catch(() => ({}))) as { dedup_key?: string };
        return { dedupKey: answer.dedup_key ?? String(event.dedup_key) };
      }
      const retryable = response.status === 429 || response.status >= 500;
      const snippet = await bodySnippet(response);
      if (response.status === 400) throw new PagerDutyRejectedError(snippet);
      if (!retryable) throw new HttpStatusError("PagerDuty Events API", response.status, snippet);
      const delay = backoffMs * 2 ** (attempt - 1);
      if (attempt >= maxAttempts) {
        if (response.status === 429) throw new RateLimitedError("PagerDuty Events API", delay / 1000);
        throw new HttpStatusError("PagerDuty Events API", response.status, snippet);
      }
      await sleep(delay);
    }
  };
}
