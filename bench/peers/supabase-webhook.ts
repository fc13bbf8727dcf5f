/**
 * Peer of supabase-webhook, the way a team writes it by hand: read the signing secret from SSM (first time
 * only), verify the Standard Webhooks signature, put the change on the app bus, answer 202. Clients at module
 * scope, no framework.
 */
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { Webhook } from "standardwebhooks";
import { secret } from "./common.js";

const events = new EventBridgeClient({});

interface FunctionUrlEvent {
  headers: Record<string, string>;
  body: string;
}

export const handler = async (event: FunctionUrlEvent) => {
  try {
    new Webhook(await secret("SUPABASE_WEBHOOK_SECRET", ["SUPABASE_WEBHOOK_SECRET"])).verify(event.body, event.headers);
  } catch {
    return { statusCode: 401, body: '{"error":"bad signature"}' };
  }
  const change = JSON.parse(event.body) as { type: string; table: string };
  const detailType = `${change.table}.${change.type.toLowerCase()}`;
  const out = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: process.env.APP_BUS_NAME,
          Source: "hero365.supabase",
          DetailType: detailType,
          Detail: event.body,
        },
      ],
    }),
  );
  if (out.FailedEntryCount) return { statusCode: 503, body: '{"error":"not forwarded"}' };
  return {
    statusCode: 202,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "forwarded", webhookId: event.headers["webhook-id"], detailType }),
  };
};
