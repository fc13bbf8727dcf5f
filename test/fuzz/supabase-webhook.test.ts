import fc from "fast-check";
import { expect, it } from "vitest";
import { REJECTION_STATUS, WebhookRejectedError } from "../../core/ingest/errors.js";
import { MAX_ENTRY_BYTES } from "../../core/ingest/ingest.js";
import { detailTypeOf, isIngestTable } from "../../core/ingest/tables.js";
import { authenticate } from "../../core/ingest/verify.js";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { FunctionUrlEventSchema, SupabaseWebhookSchema } from "../../events/index.js";
import { SUPABASE_SOURCE } from "../../events/schemas/invoice-job.js";
import { httpRequest } from "../../functions/lib/function-url.js";
import { handler } from "../../functions/supabase-webhook.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { fixture } from "../support/fixtures.js";
import {
  anyJson,
  CONFIG,
  describeFuzz,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
  NOW,
  oddString,
  WEBHOOK_SECRET,
} from "./harness.js";

const REQUESTS = ["insert.signed", "update-finalized.signed", "delete.signed", "update-finalized.stale"]
  .map((name) => fixture(`function-url/invoices.${name}`))
  .concat(fixture("function-url/profiles.insert.signed"), fixture("function-url/invoices.update-finalized.tampered"));
const PAYLOADS = ["insert", "update-finalized", "delete"].map((name) => fixture(`supabase/invoices.${name}`));

/** Bodies signed with the right secret, so they get past the signature: mutated payloads, random text, JSON. */
const resigned = fc
  .record({
    body: fc.oneof(
      mutated(...PAYLOADS).map((payload) => JSON.stringify(payload) ?? ""),
      oddString,
      fc.json({ maxDepth: 3 }),
    ),
    base64: fc.boolean(),
  })
  .map(({ body, base64 }) => {
    const event = structuredClone(REQUESTS[0]) as Record<string, unknown>;
    event.headers = {
      ...(event.headers as object),
      ...signedHeaders(body, WEBHOOK_SECRET, { at: NOW, id: "msg_fuzz" }),
    };
    event.body = base64 ? Buffer.from(body).toString("base64") : body;
    event.isBase64Encoded = base64;
    return event;
  });

/** Whether the ingest's own checks (method, size, signature, JSON, schema, table) let the request through. */
function admissible(input: unknown): boolean {
  const event = FunctionUrlEventSchema.safeParse(input);
  if (!event.success) return false;
  const request = httpRequest(event.data);
  if (request.method !== "POST" || Buffer.byteLength(request.body) > MAX_ENTRY_BYTES) return false;
  try {
    authenticate(request.headers, request.body, { auth: CONFIG.ingest.webhookAuth, secret: WEBHOOK_SECRET, now: NOW });
  } catch (error) {
    if (error instanceof WebhookRejectedError) return false;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(request.body);
  } catch {
    return false;
  }
  const payload = SupabaseWebhookSchema.safeParse(json);
  if (!payload.success || !isIngestTable(payload.data.schema, payload.data.table)) return false;
  const entry = SUPABASE_SOURCE + detailTypeOf(payload.data.table, payload.data.type) + request.body;
  return Buffer.byteLength(entry) <= MAX_ENTRY_BYTES;
}

describeFuzz({ functionName: "supabase-webhook", handler }, (run) => {
  it("counts what a signed request forwards (what the properties below see as zero)", async () => {
    const counting = install();
    expect(await run(REQUESTS[0])).toMatchObject({ ok: true, value: { statusCode: 202 } });
    expect(counting.tally.executed).toEqual({ "events.PutEvents": 1 });
  });

  it(
    "throws InvalidEventError for anything that is not a Function URL request, forwarding nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(...REQUESTS))
        .filter((input) => !FunctionUrlEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install();
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );

  it(
    "answers 4xx with the reason to requests its checks refuse (signature, method, size, JSON, schema, table), forwarding nothing",
    async () => {
      const refused = fc
        .oneof(mutated(...REQUESTS), resigned)
        .filter((input) => FunctionUrlEventSchema.safeParse(input).success && !admissible(input));
      await fuzz(refused, async (event) => {
        const counting = install();
        const outcome = await run(event);
        if (!outcome.ok) throw outcome.error;
        const { statusCode, body } = outcome.value as { statusCode: number; body: string };
        const answer = JSON.parse(body) as { error: keyof typeof REJECTION_STATUS; message: string };
        expect(statusCode).toBe(REJECTION_STATUS[answer.error]);
        expect(statusCode).toBeGreaterThanOrEqual(400);
        expect(statusCode).toBeLessThan(500);
        expect(answer.message).toMatch(/\S/);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );
});
