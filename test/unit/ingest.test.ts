import { describe, expect, it, vi } from "vitest";
import { EventNotStoredError } from "../../core/ingest/errors.js";
import { type IngestContext, ingestWebhook, MAX_ENTRY_BYTES } from "../../core/ingest/ingest.js";
import { SHARED_SECRET_HEADER } from "../../core/ingest/verify.js";
import type { PlannedEffect } from "../../core/kernel/effects.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import type { HttpRequest } from "../../core/kernel/http.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { fixture } from "../support/fixtures.js";

const SECRET = `whsec_${Buffer.from("unit-test-webhook-secret-32-byte").toString("base64")}`;
const NOW = new Date("2026-11-27T03:20:00Z");

function context(overrides: Partial<IngestContext> = {}) {
  const put = vi.fn(async (_effect: unknown) => ({ eventIds: ["e-1"] }));
  const send = vi.fn(async (_effect: unknown) => ({ messageId: "m-1" }));
  const secret = vi.fn(async () => SECRET);
  const ctx: IngestContext = {
    auth: "standard-webhooks",
    secret,
    now: () => NOW,
    dryRun: false,
    executors: { "events.PutEvents": put, "sqs.SendMessage": send },
    ...overrides,
  };
  return { ctx, put, send, secret };
}

function signed(body: string, options: { at?: Date; secret?: string; id?: string } = {}): HttpRequest {
  return {
    method: "POST",
    headers: signedHeaders(body, options.secret ?? SECRET, { at: options.at ?? NOW, id: options.id }),
    body,
  };
}

const sample = (name: string) => JSON.stringify(fixture(`supabase/${name}`));

describe("the webhook ingest", () => {
  it.each([
    ["invoices.insert", "invoices.insert"],
    ["invoices.update-finalized", "invoices.update"],
    ["invoices.delete", "invoices.delete"],
  ])("forwards a signed %s as one PutEvents entry of detail-type %s, the body as detail", async (name, detailType) => {
    const { ctx, put } = context();
    const body = sample(name);

    const response = await ingestWebhook(signed(body, { id: "msg_1" }), ctx);

    expect(response).toEqual({ status: 202, body: { status: "forwarded", webhookId: "msg_1", detailType } });
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]?.[0]).toMatchObject({
      type: "events.PutEvents",
      bus: "app",
      entries: [{ source: "hero365.supabase", detailType, detail: body }],
    });
  });

  it("forwards the body byte for byte, so bigint columns above 2^53 keep their value", async () => {
    const { ctx, put } = context();
    const body = sample("invoices.insert").replace('"total_cents":135313', '"total_cents":9007199254740993');

    await ingestWebhook(signed(body), ctx);

    const [effect] = put.mock.calls[0] as [PlannedEffect & { entries: { detail: string }[] }];
    expect(effect.entries[0]?.detail).toContain("9007199254740993");
  });

  it("records the PutEvents instead of calling it in dry-run, and says so", async () => {
    const { ctx, put } = context({ dryRun: true });
    const recorded: string[] = [];
    ctx.onEffect = (applied) => recorded.push(`${applied.effect.type}:${applied.status}`);

    const response = await ingestWebhook(signed(sample("invoices.insert")), ctx);

    expect(response.body).toMatchObject({ status: "recorded" });
    expect(recorded).toEqual(["events.PutEvents:recorded"]);
    expect(put).not.toHaveBeenCalled();
  });

  it("accepts a header with several signatures when one is valid (key rotation)", async () => {
    const { ctx } = context();
    const request = signed(sample("invoices.insert"));
    const other = signedHeaders(sample("invoices.insert"), `whsec_${Buffer.from("old-key").toString("base64")}`, {
      at: NOW,
    })["webhook-signature"];
    request.headers = {
      ...request.headers,
      "webhook-signature": `v2,abc ${other} ${request.headers["webhook-signature"]}`,
    };

    expect((await ingestWebhook(request, ctx)).status).toBe(202);
  });

  it.each([
    ["no signature headers", (r: HttpRequest) => ({ ...r, headers: { "content-type": "application/json" } })],
    ["a signature over another body", (r: HttpRequest) => ({ ...r, body: r.body.replace('"draft"', '"paid"') })],
    [
      "a signature made with another secret",
      (r: HttpRequest) => signedWith(r.body, `whsec_${Buffer.from("someone-else").toString("base64")}`),
    ],
    [
      "a non-numeric timestamp",
      (r: HttpRequest) => ({ ...r, headers: { ...r.headers, "webhook-timestamp": "1795749600abc" } }),
    ],
    [
      "a signature of another version",
      (r: HttpRequest) => ({
        ...r,
        headers: { ...r.headers, "webhook-signature": `v2,${r.headers["webhook-signature"]?.slice(3)}` },
      }),
    ],
  ])("answers 401 to %s, forwarding nothing", async (_what, tamper) => {
    const { ctx, put, send } = context();

    const response = await ingestWebhook(tamper(signed(sample("invoices.insert"))), ctx);

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: "unauthorized" });
    expect(put).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it.each([
    ["5 min 1 s old", -301, 401],
    ["5 min 1 s ahead", 301, 401],
    ["exactly 5 min old", -300, 202],
    ["4 min ahead", 240, 202],
  ])("treats a timestamp %s as %i", async (_what, offsetSeconds, status) => {
    const { ctx } = context();
    const at = new Date(NOW.getTime() + offsetSeconds * 1000);

    const response = await ingestWebhook(signed(sample("invoices.insert"), { at }), ctx);

    expect(response.status).toBe(status);
    if (status === 401) expect(response.body.message).toMatch(/more than 5 minutes away/);
  });

  it("answers 405 to anything but POST, with the allowed method", async () => {
    const { ctx } = context();
    const response = await ingestWebhook({ ...signed(sample("invoices.insert")), method: "GET" }, ctx);
    expect(response).toMatchObject({ status: 405, headers: { allow: "POST" } });
  });

  it("answers 413 to a body over 256 KB before reading the secret or checking the signature", async () => {
    const { ctx, secret } = context();
    const body = JSON.stringify({ ...fixture("supabase/invoices.insert"), padding: "x".repeat(MAX_ENTRY_BYTES) });

    const response = await ingestWebhook(signed(body), ctx);

    expect(response.status).toBe(413);
    expect(secret).not.toHaveBeenCalled();
  });

  it("measures the body in UTF-8 bytes, not characters", async () => {
    const { ctx } = context();
    const body = JSON.stringify({ ...fixture("supabase/invoices.insert"), padding: "é".repeat(MAX_ENTRY_BYTES / 2) });
    expect(body.length).toBeLessThan(MAX_ENTRY_BYTES);

    expect((await ingestWebhook(signed(body), ctx)).status).toBe(413);
  });

  it("answers 413 when the body fits but the entry (source and detail-type too) does not", async () => {
    const { ctx, put } = context();
    const base = JSON.stringify({ ...fixture("supabase/invoices.insert"), padding: "" });
    const body = base.replace('"padding":""', `"padding":"${"x".repeat(MAX_ENTRY_BYTES - base.length - 5)}"`);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_ENTRY_BYTES);

    const response = await ingestWebhook(signed(body), ctx);

    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/event entry of \d+ bytes/);
    expect(put).not.toHaveBeenCalled();
  });

  it("answers 400 to a signed body that is not JSON", async () => {
    const { ctx } = context();
    const response = await ingestWebhook(signed("type=INSERT&table=invoices"), ctx);
    expect(response).toMatchObject({ status: 400, body: { error: "invalid-json" } });
  });

  it("answers 400 naming the field to a signed payload that breaks the schema", async () => {
    const { ctx } = context();
    const payload = fixture<Record<string, unknown>>("supabase/invoices.insert");
    payload.old_record = { id: 1 };

    const response = await ingestWebhook(signed(JSON.stringify(payload)), ctx);

    expect(response).toMatchObject({ status: 400, body: { error: "invalid-payload" } });
    expect(response.body.message).toMatch(/old_record/);
  });

  it.each([
    ["a table the pipeline does not consume", { table: "profiles" }],
    ["a consumed table name in another schema", { schema: "auth" }],
  ])("answers 422 to %s", async (_what, change) => {
    const { ctx, put } = context();
    const body = JSON.stringify({ ...fixture("supabase/invoices.insert"), ...change });

    const response = await ingestWebhook(signed(body), ctx);

    expect(response).toMatchObject({ status: 422, body: { error: "unknown-table" } });
    expect(put).not.toHaveBeenCalled();
  });

  it("keeps the event in the fallback queue and still answers 202 when PutEvents fails", async () => {
    const { ctx, put, send } = context();
    put.mockRejectedValueOnce(new Error("EventBridge is down"));
    const body = sample("invoices.update-finalized");

    const response = await ingestWebhook(signed(body, { id: "msg_9" }), ctx);

    expect(response).toMatchObject({ status: 202, body: { status: "queued", webhookId: "msg_9" } });
    expect(response.note).toMatch(/EventBridge is down/);
    expect(send).toHaveBeenCalledTimes(1);
    const [message] = send.mock.calls[0] as [{ queue: string; body: string; attributes: Record<string, string> }];
    expect(message.queue).toBe("ingestFallback");
    expect(message.attributes).toEqual({ "detail-type": "invoices.update", "webhook-id": "msg_9" });
    expect(JSON.parse(message.body)).toMatchObject({
      bus: "app",
      source: "hero365.supabase",
      detailType: "invoices.update",
      detail: body,
      webhookId: "msg_9",
      receivedAt: NOW.toISOString(),
      failure: "Error: EventBridge is down",
    });
  });

  it("fails loudly when neither the bus nor the fallback queue takes a valid event", async () => {
    const { ctx, put, send } = context();
    put.mockRejectedValueOnce(new Error("EventBridge is down"));
    send.mockRejectedValueOnce(new Error("SQS is down"));

    await expect(ingestWebhook(signed(sample("invoices.insert")), ctx)).rejects.toThrow(EventNotStoredError);
  });

  it("rethrows a configuration error instead of answering", async () => {
    const { ctx } = context({
      secret: async () => {
        throw new ConfigurationError("secret SUPABASE_WEBHOOK_SECRET is not set");
      },
    });
    await expect(ingestWebhook(signed(sample("invoices.insert")), ctx)).rejects.toThrow(ConfigurationError);
  });

  it("refuses a secret that is not a Standard Webhooks secret as a configuration error", async () => {
    const { ctx } = context({ secret: async () => "whsec_not base64!" });
    await expect(ingestWebhook(signed(sample("invoices.insert")), ctx)).rejects.toThrow(
      /not a Standard Webhooks secret/,
    );
  });
});

describe("the webhook ingest in shared-secret mode", () => {
  const request = (headers: Record<string, string>): HttpRequest => ({
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: sample("invoices.insert"),
  });

  it("forwards a request whose header holds the secret", async () => {
    const { ctx, put } = context({ auth: "shared-secret" });
    const response = await ingestWebhook(request({ [SHARED_SECRET_HEADER]: SECRET }), ctx);
    expect(response).toMatchObject({ status: 202, body: { status: "forwarded" } });
    expect(put).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["a wrong secret", { [SHARED_SECRET_HEADER]: `${SECRET}x` }],
    ["a prefix of the secret", { [SHARED_SECRET_HEADER]: SECRET.slice(0, -1) }],
    ["no secret header, even with a valid signature", signedHeaders(sample("invoices.insert"), SECRET, { at: NOW })],
  ])("answers 401 to %s", async (_what, headers) => {
    const { ctx, put } = context({ auth: "shared-secret" });
    expect((await ingestWebhook(request(headers), ctx)).status).toBe(401);
    expect(put).not.toHaveBeenCalled();
  });
});

function signedWith(body: string, secret: string): HttpRequest {
  return signed(body, { secret });
}
