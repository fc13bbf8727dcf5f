import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventBridgePutEvents } from "../../core/adapters/aws/eventbridge.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { INGEST_SCHEMA, INGEST_TABLES } from "../../core/ingest/tables.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import type { IngestRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/supabase-webhook.js";
import { type FunctionUrlServer, serveFunctionUrl } from "../../scripts/lib/function-url-server.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { createTestDatabase, installSupabaseStandIns, type TestDatabase } from "../support/supabase-db.js";

const SECRET = `whsec_${Buffer.from("integration-webhook-secret-32byt").toString("base64")}`;
const BUS = "hero365-prod-app-bus";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/hero365-prod-supabase-webhook-fallback";

const eventBridge = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
let server: FunctionUrlServer;

function install(overrides: Partial<IngestRuntime> = {}): void {
  useRuntime("supabase-webhook", {
    stage: "prod",
    config: testConfig("prod"),
    dryRun: false,
    now: () => new Date(),
    store: memoryItemStore(),
    executors: {
      "events.PutEvents": eventBridgePutEvents(new EventBridgeClient({}), { app: BUS }, { sleep: async () => {} }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), { ingestFallback: QUEUE_URL }),
    },
    secret: async (name) => {
      if (name !== "SUPABASE_WEBHOOK_SECRET") throw new ConfigurationError(`unexpected secret ${name}`);
      return SECRET;
    },
    ...overrides,
  });
}

async function post(body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(server.url, { method: "POST", headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const putEntries = () => eventBridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);

beforeAll(async () => {
  server = await serveFunctionUrl("supabase-webhook", handler as never);
});

afterAll(async () => {
  clearRuntimes();
  await server.close();
});

beforeEach(() => {
  eventBridge.reset();
  sqs.reset();
  eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
  sqs.on(SendMessageCommand).resolves({ MessageId: "m-1" });
  install();
});

describe("a row change signed by PostgreSQL, verified by the function through its Function URL", () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase("ingest");
    await db.migrate();
    await installSupabaseStandIns(db.sql, {
      hero365_webhook_url: "https://example.lambda-url.us-east-1.on.aws/",
      hero365_webhook_secret: SECRET,
    });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("puts each insert, update and delete of an invoice on the app bus as one entry, the signed body as detail", async () => {
    const { sql } = db;
    await sql`delete from net.http_request_queue`;
    const [business] =
      await sql`insert into businesses (user_id, name) values (gen_random_uuid(), 'Alvarez Plumbing') returning id`;
    await sql`insert into invoices (business_id, invoice_number, customer_name, customer_email, total_cents)
              values (${business?.id}, 'INV-2026-0042', 'María Álvarez', 'maria@example.com', 9007199254740993)`;
    await sql`update invoices set status = 'finalized' where invoice_number = 'INV-2026-0042'`;
    await sql`delete from invoices where invoice_number = 'INV-2026-0042'`;
    const queued = await sql<{ url: string; headers: Record<string, string>; body: Buffer }[]>`
      select url, headers, body from net.http_request_queue order by id`;
    expect(queued.map((q) => q.url)).toEqual(Array(3).fill("https://example.lambda-url.us-east-1.on.aws/"));

    for (const { headers, body } of queued) {
      const response = await post(body, headers);
      expect(response).toMatchObject({ status: 202, json: { status: "forwarded", webhookId: headers["webhook-id"] } });
    }

    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([1, 1, 1]);
    const entries = putEntries();
    expect(entries.map((e) => [e.EventBusName, e.Source, e.DetailType])).toEqual([
      [BUS, "hero365.supabase", "invoices.insert"],
      [BUS, "hero365.supabase", "invoices.update"],
      [BUS, "hero365.supabase", "invoices.delete"],
    ]);
    expect(entries.map((e) => e.Detail)).toEqual(queued.map((q) => q.body.toString("utf8")));
    const update = JSON.parse(entries[1]?.Detail ?? "{}");
    expect(update).toMatchObject({
      type: "UPDATE",
      table: "invoices",
      schema: "public",
      record: { status: "finalized", customer_name: "María Álvarez", version: 2 },
      old_record: { status: "draft", version: 1 },
    });
    expect(entries[0]?.Detail).toContain('"total_cents": 9007199254740993');
  });

  it("puts the signed triggers on exactly the tables the ingest accepts", async () => {
    const tables = await db.sql<{ table: string }[]>`
      select distinct c.relnamespace::regnamespace || '.' || c.relname as table
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgfoid = 'hero365_webhooks.on_row_change'::regproc order by 1`;
    expect(tables.map((t) => t.table)).toEqual(INGEST_TABLES.map((table) => `${INGEST_SCHEMA}.${table}`));
  });

  it("sends nothing for an update that changes nothing", async () => {
    const { sql } = db;
    const [business] = await sql`insert into businesses (user_id, name) values (gen_random_uuid(), 'b') returning id`;
    await sql`insert into invoices (business_id, invoice_number, customer_name) values (${business?.id}, 'INV-NOOP', 'x')`;
    await sql`delete from net.http_request_queue`;

    await sql`update invoices set status = status where invoice_number = 'INV-NOOP'`;

    expect(await sql`select id from net.http_request_queue`).toHaveLength(0);
  });

  it("signs for a role that may neither read Vault nor call pg_net (Supabase's authenticated role)", async () => {
    const { sql } = db;
    const role = `hero365_ingest_writer_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
    await sql.unsafe(`create role ${role} nologin`);
    try {
      await sql.unsafe(
        `grant usage on schema public to ${role}; grant insert, select on businesses, invoices to ${role}`,
      );
      await sql`delete from net.http_request_queue`;
      await sql.begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        const [business] =
          await tx`insert into businesses (user_id, name) values (gen_random_uuid(), 'b') returning id`;
        await tx`insert into invoices (business_id, invoice_number, customer_name) values (${business?.id}, 'INV-ROLE', 'x')`;
        await expect(tx.savepoint((sp) => sp`select * from vault.decrypted_secrets`)).rejects.toThrow(
          /permission denied/,
        );
      });
      const [queued] = await sql<{ headers: Record<string, string>; body: Buffer }[]>`
        select headers, body from net.http_request_queue`;
      expect((await post(queued!.body, queued!.headers)).status).toBe(202);
    } finally {
      await sql.unsafe(`drop owned by ${role}; drop role ${role}`);
    }
  });

  it("computes the same signature as the standardwebhooks library for any id, time, body and key", async () => {
    const { sql } = db;
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.string({ unit: "grapheme", maxLength: 200 }).filter((s) => !s.includes("\u0000")),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        async (id, seconds, body, key) => {
          const secret = `whsec_${Buffer.from(key).toString("base64")}`;
          const [row] = await sql<{ signature: string }[]>`
            select hero365_webhooks.signature(${id}, ${seconds}, ${body}, ${secret}) as signature`;
          const expected = signedHeaders(body, secret, { id, at: new Date(seconds * 1000) })["webhook-signature"];
          expect(row?.signature).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("a database without Vault (plain PostgreSQL)", () => {
  it("applies the migrations twice without error, keeps the application's writes working, queues nothing", async () => {
    const db = await createTestDatabase("ingest_novault");
    try {
      await db.migrate();
      await db.migrate();
      const [business] =
        await db.sql`insert into businesses (user_id, name) values (gen_random_uuid(), 'b') returning id`;
      await db.sql`insert into invoices (business_id, invoice_number, customer_name) values (${business?.id}, 'INV-1', 'x')`;
      expect(await db.sql`select hero365_webhooks.send('{}'::jsonb) as id`).toEqual([{ id: null }]);
    } finally {
      await db.drop();
    }
  });
});

describe("the Function URL when forwarding fails", () => {
  const body = JSON.stringify({
    type: "INSERT",
    table: "invoices",
    schema: "public",
    record: { id: "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e", status: "draft" },
    old_record: null,
  });

  it("retries an entry PutEvents failed (FailedEntryCount: 1) and answers 202 forwarded", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: "ThrottlingException" }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-2" }] });

    const response = await post(body, signedHeaders(body, SECRET));

    expect(response).toMatchObject({ status: 202, json: { status: "forwarded" } });
    expect(putEntries().map((e) => e.Detail)).toEqual([body, body]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it("sends the event to the fallback queue when PutEvents throws, and still answers 202", async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error("connect ETIMEDOUT"));

    const response = await post(body, signedHeaders(body, SECRET, { id: "msg_fallback" }));

    expect(response).toMatchObject({ status: 202, json: { status: "queued", webhookId: "msg_fallback" } });
    const [sent] = sqs.commandCalls(SendMessageCommand);
    expect(sent?.args[0].input.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(sent?.args[0].input.MessageBody ?? "{}")).toMatchObject({
      source: "hero365.supabase",
      detailType: "invoices.insert",
      detail: body,
      webhookId: "msg_fallback",
      failure: expect.stringContaining("connect ETIMEDOUT"),
    });
  });

  it("answers 502 (the function failed, and says so in its error metric) when the fallback queue fails too", async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error("connect ETIMEDOUT"));
    sqs.on(SendMessageCommand).rejects(new Error("connect ETIMEDOUT"));

    expect((await post(body, signedHeaders(body, SECRET))).status).toBe(502);
  });

  it("decodes a body the Function URL passed base64-encoded (a non-text content type)", async () => {
    const headers = { ...signedHeaders(body, SECRET), "content-type": "application/octet-stream" };
    expect((await post(body, headers)).status).toBe(202);
    expect(putEntries().map((e) => e.Detail)).toEqual([body]);
  });
});

describe("the Function URL's other answers", () => {
  it("answers a GET 405 with the allowed method", async () => {
    const response = await fetch(server.url);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toMatchObject({ error: "method-not-allowed" });
  });

  it("forwards on a deployed stage in dry-run too: the reactions downstream keep their own dry-run", async () => {
    install({ dryRun: true });
    const body = JSON.stringify(fixture("supabase/invoices.insert"));

    expect((await post(body, signedHeaders(body, SECRET))).json).toMatchObject({ status: "forwarded" });
    expect(putEntries()).toHaveLength(1);
  });

  it("answers a body over 256 KB 413", async () => {
    const body = JSON.stringify({ padding: "x".repeat(300 * 1024) });
    expect((await post(body, signedHeaders(body, SECRET))).status).toBe(413);
  });
});

describe("the Function URL under hostile requests (property-based)", () => {
  const printable = fc.stringMatching(/^[\x21-\x7e]{0,80}$/);

  it("answers every random body with random headers 4xx, without forwarding anything", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ unit: "grapheme" }), fc.json()),
        fc.record(
          { "webhook-id": printable, "webhook-timestamp": printable, "webhook-signature": printable },
          { requiredKeys: [] },
        ),
        fc.constantFrom("POST", "PUT", "PATCH"),
        async (text, headers, method) => {
          const response = await fetch(server.url, {
            method,
            headers: { ...headers, "content-type": "application/json" },
            body: text,
          });
          expect([401, 405]).toContain(response.status);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 100 },
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
