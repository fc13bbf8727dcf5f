/**
 * The Supabase webhook ingest: the only door from the database into the pipeline. It lets in only requests
 * signed with the webhook secret, checks size, JSON and schema, and puts each valid row change on the app bus.
 * Supabase never retries a webhook, so a valid event is never dropped: when PutEvents fails (after the adapter's
 * retries of failed entries) the event goes to the fallback queue and the sender still gets a 2xx.
 */

import { type SupabaseWebhook, SupabaseWebhookSchema } from "../../events/index.js";
import { SUPABASE_SOURCE } from "../../events/schemas/invoice-job.js";
import { type AppliedEffect, applyEffects } from "../kernel/applier.js";
import { effect } from "../kernel/effects.js";
import { EffectFailedError, InvalidEventError } from "../kernel/errors.js";
import type { HttpRequest, HttpResponse } from "../kernel/http.js";
import { parseEvent } from "../kernel/parse.js";
import type { Executors } from "../kernel/ports.js";
import type { WebhookAuth } from "./auth.js";
import type { PutEventsEntry } from "./effects.js";
import { EventNotStoredError, WebhookRejectedError } from "./errors.js";
import { detailTypeOf, isIngestTable } from "./tables.js";
import { authenticate } from "./verify.js";

/** EventBridge's limit on one PutEvents entry (Source + DetailType + Detail, UTF-8); the body must fit in it. */
export const MAX_ENTRY_BYTES = 256 * 1024;

export interface IngestContext {
  auth: WebhookAuth;
  /** The webhook secret, read only for requests that pass the size check. */
  secret: () => Promise<string>;
  now: () => Date;
  /** Record the effects instead of applying them. */
  dryRun: boolean;
  executors: Executors;
  onEffect?: (applied: AppliedEffect) => void;
}

interface Admitted {
  webhookId: string;
  payload: SupabaseWebhook;
  entry: PutEventsEntry;
}

/**
 * Answers one webhook request: 202 when the event is on the bus (or kept in the fallback queue), 4xx saying why
 * it was refused. Throws only when a valid event could be stored nowhere, or on an unexpected error.
 * @example (await ingestWebhook({ method: "POST", headers, body }, ctx)).status // 202
 */
export async function ingestWebhook(request: HttpRequest, ctx: IngestContext): Promise<HttpResponse> {
  let admitted: Admitted;
  try {
    admitted = await admit(request, ctx);
  } catch (error) {
    if (!(error instanceof WebhookRejectedError)) throw error;
    return {
      status: error.status,
      body: { error: error.code, message: error.message },
      ...(error.code === "method-not-allowed" && { headers: { allow: "POST" } }),
    };
  }
  return forward(admitted, ctx);
}

async function admit(request: HttpRequest, ctx: IngestContext): Promise<Admitted> {
  if (request.method !== "POST") {
    throw new WebhookRejectedError("method-not-allowed", `${request.method} is not allowed: POST the webhook`);
  }
  // A UTF-16 length over the limit is over it in UTF-8 too: no need to measure a 6 MB body byte by byte.
  if (request.body.length > MAX_ENTRY_BYTES || Buffer.byteLength(request.body) > MAX_ENTRY_BYTES) {
    throw new WebhookRejectedError("too-large", `body over ${MAX_ENTRY_BYTES} bytes, EventBridge's entry limit`);
  }
  const webhookId = authenticate(request.headers, request.body, {
    auth: ctx.auth,
    secret: await ctx.secret(),
    now: ctx.now(),
  });
  const payload = parsePayload(request.body);
  if (!isIngestTable(payload.schema, payload.table)) {
    throw new WebhookRejectedError(
      "unknown-table",
      `table ${payload.schema}.${payload.table} is not one the pipeline consumes`,
    );
  }
  // The raw body, not a re-serialization: JSON.parse would round bigint columns above 2^53.
  const entry = {
    source: SUPABASE_SOURCE,
    detailType: detailTypeOf(payload.table, payload.type),
    detail: request.body,
  };
  const size = Buffer.byteLength(entry.source) + Buffer.byteLength(entry.detailType) + Buffer.byteLength(entry.detail);
  if (size > MAX_ENTRY_BYTES) {
    throw new WebhookRejectedError(
      "too-large",
      `event entry of ${size} bytes is over EventBridge's ${MAX_ENTRY_BYTES}`,
    );
  }
  return { webhookId, payload, entry };
}

function parsePayload(body: string): SupabaseWebhook {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new WebhookRejectedError("invalid-json", `body is not JSON: ${(cause as Error).message}`, { cause });
  }
  try {
    return parseEvent(SupabaseWebhookSchema, json, "Supabase webhook payload");
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw new WebhookRejectedError("invalid-payload", error.message, { cause: error });
  }
}

async function forward({ webhookId, payload, entry }: Admitted, ctx: IngestContext): Promise<HttpResponse> {
  const accepted = (status: "forwarded" | "recorded" | "queued", note?: string): HttpResponse => ({
    status: 202,
    body: { status, webhookId, detailType: entry.detailType },
    ...(note && { note }),
  });
  const change = `${payload.type} on ${payload.schema}.${payload.table} (webhook ${webhookId})`;
  const put = effect(
    { type: "events.PutEvents", bus: "app", entries: [entry] },
    `forward the ${change} to the app bus`,
  );
  try {
    const [applied] = await applyEffects([put], ctx);
    return accepted(applied?.status === "recorded" ? "recorded" : "forwarded");
  } catch (error) {
    if (!(error instanceof EffectFailedError)) throw error;
    const failure = describe(error.cause ?? error);
    const keep = effect(
      {
        type: "sqs.SendMessage",
        queue: "ingestFallback",
        // Everything a redrive needs to put the event on the bus as it would have been.
        body: JSON.stringify({ bus: "app", ...entry, webhookId, receivedAt: ctx.now().toISOString(), failure }),
        attributes: { "detail-type": entry.detailType, "webhook-id": webhookId },
      },
      `PutEvents failed (${failure}): keep the ${change} for redrive`,
    );
    try {
      await applyEffects([keep], ctx);
    } catch (fallbackError) {
      if (!(fallbackError instanceof EffectFailedError)) throw fallbackError;
      throw new EventNotStoredError(webhookId, { cause: fallbackError });
    }
    return accepted("queued", `PutEvents failed, kept in the fallback queue: ${failure}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
