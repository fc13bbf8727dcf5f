import { PutObjectCommand, type PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { stateTableIdempotency } from "../../core/adapters/aws/dynamo-idempotency.js";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { s3Putter } from "../../core/adapters/aws/s3.js";
import { postgresInvoices, postgresInvoiceUpdater } from "../../core/adapters/postgres/invoices.js";
import { pdfObjectKey } from "../../core/invoices/model.js";
import { readAudit } from "../../core/kernel/audit.js";
import { handler } from "../../functions/invoice-worker.js";
import { logger } from "../../functions/lib/logger.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { BUSINESS_ID, INVOICE_ID, insertDocument, invoiceDocument, lineItems } from "../support/invoice-documents.js";
import { useLoopback } from "../support/loopback.js";
import { readPdf } from "../support/pdf-text.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

const BUCKET = "prod-hero365-invoice-pdfs";
const NOW = new Date("2026-11-27T16:06:30.000Z");
const s3 = mockClient(S3Client);
let db: TestDatabase;
let table = 0;
let currentTable = "";

const servers = useLoopback({ dynamo: true });
beforeAll(async () => {
  db = await createTestDatabase("invoices");
});
afterAll(async () => {
  clearRuntimes();
  s3.restore();
  await db?.drop();
});

/** A fresh state table and S3 mock per test; the real handler, Postgres and DynamoDB (dynalite) behind it. */
beforeEach(async () => {
  s3.reset();
  s3.on(PutObjectCommand).resolves({ ETag: '"e1"', VersionId: "v1" });
  const tableName = `state-${++table}`;
  currentTable = tableName;
  await servers.dynamo.createTable(tableName);
  await db.sql`truncate public.invoices, public.businesses cascade`;
  useRuntime("invoice-worker", {
    stage: "prod",
    config: testConfig("prod"),
    dryRun: false,
    now: () => NOW,
    store: dynamoItemStore(servers.dynamo.client, tableName),
    secret: async () => db.url,
    executors: {
      "s3.PutObject": s3Putter(new S3Client({ region: "us-east-1" }), { invoices: BUCKET }),
      "postgres.invoices.update": postgresInvoiceUpdater(async () => db.sql),
    },
    invoices: async () => postgresInvoices(db.sql),
    idempotency: stateTableIdempotency(servers.dynamo.client, tableName),
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Why each failed record failed, as the worker logs it: `<error name>: <message>` by message id. */
function loggedReasons(spy: { mock: { calls: unknown[][] } }): Record<string, string> {
  return Object.fromEntries(
    spy.mock.calls.map(([, extra]) => {
      const { messageId, error } = extra as { messageId: string; error: { name: string; message: string } };
      return [messageId, `${error.name}: ${error.message}`];
    }),
  );
}

const context = () => lambdaContext("invoice-worker", "prod");
const invoke = (event: SQSEvent) => handler(event, context());
const failures = (response: { batchItemFailures: { itemIdentifier: string }[] }) =>
  response.batchItemFailures.map((f) => f.itemIdentifier).sort();
const puts = () => s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input as PutObjectCommandInput);
const pdfOf = (put: PutObjectCommandInput) => readPdf(put.Body as Uint8Array);

function sqsEvent(...bodies: (string | Record<string, unknown>)[]): SQSEvent {
  const [template] = fixture<SQSEvent>("sqs/invoices.generate-pdf").Records as [SQSRecord];
  return {
    Records: bodies.map((body, i) => ({
      ...structuredClone(template),
      messageId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      body: typeof body === "string" ? body : JSON.stringify(body),
    })),
  };
}

async function row(id = INVOICE_ID) {
  const [invoice] = await db.sql<
    { version: number; pdf_key: string | null; pdf_version: number | null; pdf_generated_at: Date | null }[]
  >`select version, pdf_key, pdf_version, pdf_generated_at from public.invoices where id = ${id}`;
  return invoice!;
}

describe("invoice-worker against PostgreSQL and the state table", () => {
  it("puts one PDF for a batch with a valid job, its duplicate, an unknown action, a missing invoice and a non-JSON body, and fails exactly the three bad records", async () => {
    const version = await insertDocument(db.sql, invoiceDocument({ lines: lineItems(20) }));
    const event = fixture<SQSEvent>("sqs/invoices.mixed-batch");
    const logged = vi.spyOn(logger, "error");

    const response = await invoke(event);

    expect(failures(response)).toEqual(
      [
        "7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a", // unknown action
        "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", // no such invoice
        "f0e1d2c3-b4a5-4968-8776-655443322110", // not JSON
      ].sort(),
    );
    expect(loggedReasons(logged)).toEqual({
      "7d8e9f0a-1b2c-4d3e-9f4a-5b6c7d8e9f0a": expect.stringMatching(
        /^InvalidEventError: invoice job \S+: action: unknown action "send_reminder" \(known: generate_pdf\)$/,
      ),
      "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d":
        "InvoiceNotFoundError: invoice 9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b of business b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45 not found",
      "f0e1d2c3-b4a5-4968-8776-655443322110": expect.stringMatching(
        /^InvalidEventError: invoice job \S+: body is not JSON/,
      ),
    });
    expect(puts()).toHaveLength(1);
    expect(puts()[0]).toMatchObject({
      Bucket: BUCKET,
      Key: `invoices/${BUSINESS_ID}/${INVOICE_ID}.pdf`,
      ContentType: "application/pdf",
      ServerSideEncryption: "AES256",
      Metadata: { "invoice-id": INVOICE_ID, "invoice-version": String(version) },
    });
    expect(await row()).toEqual({
      version,
      pdf_key: pdfObjectKey(BUSINESS_ID, INVOICE_ID),
      pdf_version: version,
      pdf_generated_at: NOW,
    });
  });

  it("keeps its exactly-once record in the state table (pk/sk, TTL in expiresAt) and audits the render", async () => {
    await insertDocument(db.sql, invoiceDocument());
    await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    const store = dynamoItemStore(servers.dynamo.client, currentTable);
    const records = await store.query("IDEMPOTENCY");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      sk: expect.stringMatching(/^invoice-pdf#[A-Za-z0-9+/]{22}==$/),
      status: "COMPLETED",
    });
    expect(records[0]!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 86_000);
    const [audit] = await readAudit(store, `invoice#${INVOICE_ID}`);
    expect(audit).toMatchObject({ functionName: "invoice-worker", outcome: "applied", mode: "live" });
    expect(audit?.plan.effects[0]).toMatchObject({ type: "s3.PutObject", body: { bytes: expect.any(Number) } });
  });

  it("renders a real A4 PDF with the invoice number, every line item and the total formatted in USD", async () => {
    const lines = lineItems(20).map((line, i) => ({
      ...line,
      description: `${line.description.split(/[,(]/)[0]!.trim().slice(0, 34)} #${i + 1}`,
    }));
    const document = invoiceDocument({ lines });
    await insertDocument(db.sql, document);
    await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    const pdf = await pdfOf(puts()[0]!);
    expect(pdf.info).toMatchObject({ Title: "Invoice INV-2026-0042", Author: "Acme Plumbing & Heating" });
    expect(pdf.text).toContain("INV-2026-0042");
    expect(pdf.text).toContain("Bill to\nMaria Alvarez");
    for (const line of lines) expect(pdf.text).toContain(`${line.position} ${line.description}`);
    expect(pdf.text).toContain("3 Copper pipe 15 mm #3 4.5 $12.75 8.25% $57.38");
    // Twice the plumber's 8 lines ($874.33) and its first 4 ($600.13); tax 8.25 % rounded per line.
    expect(pdf.text).toContain("Subtotal $2,348.79");
    expect(pdf.text).toContain("Tax $193.74");
    expect(pdf.text).toContain("Total $2,542.53");
    expect(pdf.text).toContain("Issue date Nov 27, 2026");
  });

  it("formats a German business's EUR invoice the German way", async () => {
    const lines = [
      { position: 1, description: "Wartung Heizungsanlage", quantity: "1", unitPriceCents: 120000, taxRate: 0.19 },
      { position: 2, description: "Arbeitszeit Monteur", quantity: "2.5", unitPriceCents: 8000, taxRate: 0.19 },
    ];
    const document = invoiceDocument({ lines, currency: "EUR", locale: "de-DE", invoiceNumber: "RE-2026-117" });
    await insertDocument(db.sql, document);
    await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    const pdf = await pdfOf(puts()[0]!);
    expect(pdf.text).toContain("RE-2026-117");
    expect(pdf.text).toContain("1 Wartung Heizungsanlage 1 1.200,00 € 19 % 1.200,00 €");
    expect(pdf.text).toContain("2 Arbeitszeit Monteur 2,5 80,00 € 19 % 200,00 €");
    expect(pdf.text).toContain("Subtotal 1.400,00 €");
    expect(pdf.text).toContain("Tax 266,00 €");
    expect(pdf.text).toContain("Total 1.666,00 €");
    expect(pdf.text).toContain("Issue date 27.11.2026");
  });

  it("puts nothing when the same job arrives again later: the row already has this version's PDF", async () => {
    await insertDocument(db.sql, invoiceDocument());
    const job = { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" };
    await invoke(sqsEvent(job));
    const after = await row();

    const again = await invoke(sqsEvent(job, job));

    expect(failures(again)).toEqual([]);
    expect(puts()).toHaveLength(1);
    expect(await row()).toEqual(after);
  });

  it("renders again for a re-render request, and once for its redelivery", async () => {
    await insertDocument(db.sql, invoiceDocument());
    await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));
    const rerender = { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf", requestId: "evt-1" };

    expect(failures(await invoke(sqsEvent(rerender)))).toEqual([]);
    expect(failures(await invoke(sqsEvent(rerender)))).toEqual([]);

    expect(puts()).toHaveLength(2);
  });

  it("renders the new version when the invoice changes during the render, so S3 never keeps the older one", async () => {
    const version = await insertDocument(db.sql, invoiceDocument());
    s3.on(PutObjectCommand)
      .callsFakeOnce(async () => {
        await db.sql`update public.invoices set customer_name = 'Maria Alvarez-Ruiz' where id = ${INVOICE_ID}`;
        return { ETag: '"e1"' };
      })
      .resolves({ ETag: '"e2"' });

    const response = await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    expect(failures(response)).toEqual([]);
    expect(puts()).toHaveLength(2);
    expect((await pdfOf(puts()[1]!)).text).toContain("Maria Alvarez-Ruiz");
    expect(await row()).toMatchObject({ version: version + 1, pdf_version: version + 1 });
  });

  it("fails the record, records no PDF and frees the job for a retry when the invoice keeps changing", async () => {
    const version = await insertDocument(db.sql, invoiceDocument());
    let edits = 0;
    s3.on(PutObjectCommand).callsFake(async () => {
      edits++;
      await db.sql`update public.invoices set customer_name = ${`Maria ${edits}`} where id = ${INVOICE_ID}`;
      return {};
    });
    const event = sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" });

    const logged = vi.spyOn(logger, "error");
    expect(failures(await invoke(event))).toEqual([event.Records[0]!.messageId]);
    expect(Object.values(loggedReasons(logged))).toEqual([
      `InvoiceVersionChangedError: invoice ${INVOICE_ID} changed after version ${version + 2} was rendered; render it again`,
    ]);
    expect(puts()).toHaveLength(3);
    expect(await row()).toMatchObject({ pdf_key: null, pdf_version: null });

    s3.on(PutObjectCommand).resolves({});
    expect(failures(await invoke(event))).toEqual([]);
    expect((await row()).pdf_key).toBe(pdfObjectKey(BUSINESS_ID, INVOICE_ID));
  });

  it("lets one of two concurrent invocations of the same job render; the other fails its record and succeeds on redelivery without a second PDF", async () => {
    await insertDocument(db.sql, invoiceDocument());
    let release!: () => void;
    let putStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      putStarted = resolve;
    });
    s3.on(PutObjectCommand)
      .callsFakeOnce(async () => {
        putStarted();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return {};
      })
      .resolves({});
    const job = { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" };

    const first = invoke(sqsEvent(job));
    await started;
    const second = sqsEvent(job);
    const logged = vi.spyOn(logger, "error");
    expect(failures(await invoke(second))).toEqual([second.Records[0]!.messageId]);
    expect(Object.values(loggedReasons(logged))).toEqual([
      expect.stringMatching(/^IdempotencyAlreadyInProgressError: /),
    ]);
    release();
    expect(failures(await first)).toEqual([]);
    expect(failures(await invoke(second))).toEqual([]);

    expect(puts()).toHaveLength(1);
  });

  it("skips a draft invoice with a reason, without failing it", async () => {
    await insertDocument(db.sql, invoiceDocument({ status: "draft" }));

    const response = await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    expect(failures(response)).toEqual([]);
    expect(puts()).toHaveLength(0);
    const store = dynamoItemStore(servers.dynamo.client, currentTable);
    const [audit] = await readAudit(store, `invoice#${INVOICE_ID}`);
    expect(audit).toMatchObject({ outcome: "nothing-to-apply", plan: { code: "status-draft" } });
  });

  it("fails the record of a job whose business does not own the invoice", async () => {
    await insertDocument(db.sql, invoiceDocument());
    const event = sqsEvent({
      invoiceId: INVOICE_ID,
      businessId: "00000000-0000-4000-8000-000000000001",
      action: "generate_pdf",
    });
    const logged = vi.spyOn(logger, "error");
    expect(failures(await invoke(event))).toEqual([event.Records[0]!.messageId]);
    expect(Object.values(loggedReasons(logged))).toEqual([expect.stringMatching(/^InvoiceNotFoundError: /)]);
    expect(puts()).toHaveLength(0);
  });

  it("fails a record whose invoice cannot be rendered (unknown currency) with the reason, and only that one", async () => {
    await insertDocument(db.sql, invoiceDocument());
    await db.sql`update public.invoices set currency = 'ZZZ' where id = ${INVOICE_ID}`;
    const other = invoiceDocument({ invoiceNumber: "INV-2026-0043" });
    other.invoice.id = "5b0f6a3e-2c1d-4e8f-9a7b-6c5d4e3f2a10";
    await insertDocument(db.sql, other);
    const event = sqsEvent(
      { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" },
      { invoiceId: other.invoice.id, businessId: BUSINESS_ID, action: "generate_pdf" },
    );

    const logged = vi.spyOn(logger, "error");
    expect(failures(await invoke(event))).toEqual([event.Records[0]!.messageId]);
    expect(Object.values(loggedReasons(logged))).toEqual([
      `InvalidInvoiceError: invoice ${INVOICE_ID} cannot be rendered: unknown currency "ZZZ"`,
    ]);
    expect(puts().map((p) => p.Key)).toEqual([pdfObjectKey(BUSINESS_ID, other.invoice.id)]);
  });

  it("renders one PDF when a redrive puts the same invoice change on the bus twice (two jobs, two invocations)", async () => {
    await insertDocument(db.sql, invoiceDocument({ lines: lineItems(3) }));
    const job = { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" };

    const first = await invoke(sqsEvent(job));
    const again = sqsEvent(job);
    again.Records[0]!.messageId = "redriven-copy-of-the-same-event";
    const second = await invoke(again);

    expect(failures(first)).toEqual([]);
    expect(failures(second)).toEqual([]);
    expect(puts()).toHaveLength(1);
  });

  it("renders a Japanese customer and logs the code points no font has", async () => {
    await insertDocument(db.sql, invoiceDocument({ lines: lineItems(2), customerName: "山田 花子 🚰" }));
    const done = vi.spyOn(logger, "info");

    const response = await invoke(sqsEvent({ invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" }));

    expect(failures(response)).toEqual([]);
    expect((await pdfOf(puts()[0]!)).text).toContain("山田 花子 \ufffd");
    const logged = done.mock.calls.find(([message]) => message === "record done")?.[1] as { result: object };
    expect(logged.result).toMatchObject({ status: "applied", missingCodePoints: ["U+1F6B0"] });
  });
});
