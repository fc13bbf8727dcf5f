/**
 * The generic ticket sink: one JSON POST per ticket event to a URL (a Jira or Linear automation, a chat-ops
 * bot). The receiver keys tickets by `ticketKey`; it cannot be asked whether a ticket is still open.
 */
import type { WebhookPost } from "../../tickets/effects.js";
import { TicketApiError } from "../../tickets/errors.js";
import type { OpenedTicket } from "../../tickets/ledger.js";
import type { TicketTracker } from "../../tickets/types.js";
import { httpClient } from "./client.js";

export function ticketWebhook(url: () => Promise<string>, fetch?: typeof globalThis.fetch) {
  const send = httpClient({ timeoutMs: 10_000 }, { ...(fetch && { fetch }) });
  return {
    async post(effect: WebhookPost): Promise<OpenedTicket> {
      const target = await url();
      const response = await send({
        api: "ticket webhook",
        url: target,
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "hero365-scaling" },
        body: JSON.stringify({
          event: effect.event,
          ticketKey: effect.ticketKey,
          title: effect.title,
          body: effect.body,
          labels: effect.labels,
        }),
        secrets: [target],
      });
      // Never echo the URL: it carries the receiver's token.
      if (!response.ok) throw new TicketApiError(response.status, `ticket webhook answered HTTP ${response.status}`);
      return { ref: effect.ticketKey };
    },
    tracker: { state: async () => "unknown" } satisfies TicketTracker,
  };
}
