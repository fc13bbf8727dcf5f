import { SendMessageBatchCommand, type SendMessageBatchCommandInput, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqsBatchSender } from "../../core/adapters/aws/sqs.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { postgresInvoices } from "../../core/adapters/postgres/invoices.js";
import { SWEEP } from "../../core/invoices/decide-sweep.js";
import { InvoiceJobSchema } from "../../events/index.js";
import { handler } from "../../functions/invoice-sweep.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { BUSINESS_ID, insertDocument, invoiceDocument, lineItems } from "../support/invoice-documents.js";
import { createTestDatabase, type TestDatabase } from "../support/postgres.js";

const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/prod-hero365-scaling-InvoiceQueue";
const NOW = new Date("2026-11-27T16:30:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const sqs = mockClient(SQSClient);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("sweep");
});
afterAll(async () => {
  clearRuntimes();
  sqs.restore();
  await db?.drop();
});

beforeEach(async () => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => ({
    Successful: input.Entries!.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}`, MD5OfMessageBody: "" })),
    Failed: [],
  }));
  await db.sql`truncate public.invoices, public.businesses cascade`;
  useRuntime("invoice-sweep", {
    stage: "prod",
    config: testConfig("prod"),
    dryRun: false,
    now: () => NOW,
    store: memoryItemStore(),
    secret: async () => db.url,
    executors: {
      "sqs.SendMessageBatch": sqsBatchSender(new SQSClient({ region: "us-east-1" }), { invoices: QUEUE_URL }),
    },
    invoices: async () => postgresInvoices(db.sql),
  });
});

let serial = 0;
/** An invoice in a given state, last changed `changed` ago; returns its id. */
async function invoice(
  status: "draft" | "finalized" | "paid" | "void",
  changedMinutesAgo: number,
  pdf: "none" | "current" | "stale" = "none",
): Promise<string> {
  const document = invoiceDocument({ status, lines: lineItems(2), invoiceNumber: `INV-${++serial}` });
  document.invoice.id = crypto.randomUUID();
  const version = await insertDocument(db.sql, document);
  if (pdf !== "none") {
    await db.sql`
      update public.invoices set pdf_key = ${`invoices/${BUSINESS_ID}/${document.invoice.id}.pdf`},
             pdf_generated_at = ${minutesAgo(changedMinutesAgo)}, pdf_version = ${pdf === "current" ? version : version - 1}
       where id = ${document.invoice.id}`;
  }
  // Only the timestamp: not a new version (see the migration's trigger).
  await db.sql`update public.invoices set updated_at = ${minutesAgo(changedMinutesAgo)} where id = ${document.invoice.id}`;
  return document.invoice.id;
}

const sentBodies = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((call) => call.args[0].input.Entries!.map((e) => InvoiceJobSchema.parse(JSON.parse(e.MessageBody!))));
const run = () => handler(fixture("cron/invoice-sweep"), lambdaContext("invoice-sweep", "prod"));

describe("invoice-sweep against PostgreSQL", () => {
  it("finds exactly the finalized invoices changed over 5 minutes ago without a PDF of their current version, oldest first", async () => {
    const missingOld = await invoice("finalized", 60);
    const stale = await invoice("finalized", 20, "stale");
    const missing = await invoice("finalized", 6);
    await invoice("finalized", 4); // still on its way through the webhook and the queue
    await invoice("finalized", 30, "current");
    await invoice("draft", 60);
    await invoice("paid", 60);
    await invoice("void", 60);

    const due = await postgresInvoices(db.sql).needingPdf(minutesAgo(SWEEP.graceMinutes), SWEEP.limit);

    expect(due.map((ref) => ref.invoiceId)).toEqual([missingOld, stale, missing]);
    expect(due[0]).toMatchObject({ businessId: BUSINESS_ID, updatedAt: minutesAgo(60) });
  });

  it("enqueues one generate_pdf job per invoice found, in batches of ten", async () => {
    const due: string[] = [];
    for (let i = 0; i < 12; i++) due.push(await invoice("finalized", 30 + i));
    await invoice("finalized", 30, "current");

    const result = await run();

    expect(result).toMatchObject({ outcome: "act", status: "applied", mode: "live" });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 2]);
    expect(calls.every((c) => c.args[0].input.QueueUrl === QUEUE_URL)).toBe(true);
    const bodies = sentBodies();
    expect(bodies.map((b) => b.invoiceId).sort()).toEqual([...due].sort());
    expect(bodies.every((b) => b.action === "generate_pdf" && b.businessId === BUSINESS_ID && !b.requestId)).toBe(true);
  });

  it("sends nothing when every finalized invoice has its PDF", async () => {
    await invoice("finalized", 30, "current");

    expect(await run()).toMatchObject({ outcome: "skip", code: "nothing-due" });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it("throws when SQS refuses some messages, so the run is retried and then parked in its DLQ", async () => {
    await invoice("finalized", 30);
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: "invoice-0", Code: "KMS.ThrottlingException", SenderFault: false, Message: "slow down" }],
    });

    await expect(run()).rejects.toThrow(/SQS refused 1 message\(s\): invoice-0 KMS.ThrottlingException \(slow down\)/);
  });
});
