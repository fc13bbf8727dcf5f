import { describe, expect, it, vi } from "vitest";
import { MemoryPersistenceLayer } from "../../core/adapters/local/memory-idempotency.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { planInvoicePdf } from "../../core/invoices/decide-pdf.js";
import { planInvoiceSweep, sweepCutoff } from "../../core/invoices/decide-sweep.js";
import { InvalidInvoiceError, InvoiceNotFoundError, InvoiceVersionChangedError } from "../../core/invoices/errors.js";
import { generateInvoicePdf, type InvoiceWorkerContext, idempotencyKey } from "../../core/invoices/generate.js";
import type { InvoiceDocument, InvoiceRef } from "../../core/invoices/model.js";
import { readAudit, withoutBinary } from "../../core/kernel/audit.js";
import { effectsOfType } from "../../core/kernel/effects.js";
import type { InvoiceJob } from "../../events/index.js";
import { exactlyOnce } from "../../functions/lib/exactly-once.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { BUSINESS_ID, INVOICE_ID, invoiceDocument } from "../support/invoice-documents.js";

const NOW = new Date("2026-11-27T16:06:30.000Z");
const job: InvoiceJob = { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, action: "generate_pdf" };

describe("planning an invoice's PDF", () => {
  it("puts the rendered PDF under invoices/<business>/<invoice>.pdf, then records it for that version only", async () => {
    const document = invoiceDocument();
    const plan = await planInvoicePdf({ job, document, now: NOW });

    expect(plan).toMatchObject({ outcome: "act", reason: expect.stringContaining("no PDF of its current version") });
    expect(plan.stepKey).toBeUndefined();
    const [put] = effectsOfType(plan.effects, "s3.PutObject");
    expect(put).toMatchObject({
      bucket: "invoices",
      key: `invoices/${BUSINESS_ID}/${INVOICE_ID}.pdf`,
      contentType: "application/pdf",
      contentDisposition: 'inline; filename="INV-2026-0042.pdf"',
      metadata: { "invoice-id": INVOICE_ID, "invoice-version": "3" },
    });
    expect(new TextDecoder().decode(put!.body.subarray(0, 5))).toBe("%PDF-");
    expect(effectsOfType(plan.effects, "postgres.invoices.update")).toEqual([
      expect.objectContaining({
        invoiceId: INVOICE_ID,
        expectedVersion: 3,
        set: { pdfKey: put!.key, pdfGeneratedAt: NOW.toISOString(), pdfVersion: 3 },
      }),
    ]);
    expect(plan.effects.map((e) => e.type)).toEqual(["s3.PutObject", "postgres.invoices.update"]);
  });

  it("renders the same bytes for the same invoice at the same instant", async () => {
    const once = await planInvoicePdf({ job, document: invoiceDocument(), now: NOW });
    const twice = await planInvoicePdf({ job, document: invoiceDocument(), now: NOW });
    expect(effectsOfType(twice.effects, "s3.PutObject")[0]!.body).toEqual(
      effectsOfType(once.effects, "s3.PutObject")[0]!.body,
    );
  });

  it.each([
    ["draft", "status-draft"],
    ["void", "status-void"],
  ] as const)("renders nothing for a %s invoice, and says why", async (status, code) => {
    expect(await planInvoicePdf({ job, document: invoiceDocument({ status }), now: NOW })).toMatchObject({
      outcome: "skip",
      code,
      effects: [],
    });
  });

  it("renders a paid invoice", async () => {
    expect((await planInvoicePdf({ job, document: invoiceDocument({ status: "paid" }), now: NOW })).outcome).toBe(
      "act",
    );
  });

  it("renders nothing when the current version already has its PDF, unless a re-render is requested", async () => {
    const rendered = withPdf(invoiceDocument(), 3);
    expect(await planInvoicePdf({ job, document: rendered, now: NOW })).toMatchObject({
      outcome: "skip",
      code: "already-rendered",
    });
    const again = await planInvoicePdf({ job: { ...job, requestId: "evt-1" }, document: rendered, now: NOW });
    expect(again).toMatchObject({ outcome: "act", reason: expect.stringContaining("re-render requested (evt-1)") });
  });

  it("renders again when the PDF is of an older version", async () => {
    expect((await planInvoicePdf({ job, document: withPdf(invoiceDocument(), 2), now: NOW })).outcome).toBe("act");
  });

  it("names an invoice it cannot render and why", async () => {
    await expect(planInvoicePdf({ job, document: invoiceDocument({ currency: "ZZZ" }), now: NOW })).rejects.toThrow(
      new InvalidInvoiceError(INVOICE_ID, 'unknown currency "ZZZ"'),
    );
  });

  it("makes a safe download name of any invoice number", async () => {
    const plan = await planInvoicePdf({ job, document: invoiceDocument({ invoiceNumber: 'INV/2026 "42"' }), now: NOW });
    expect(effectsOfType(plan.effects, "s3.PutObject")[0]!.contentDisposition).toBe(
      'inline; filename="INV_2026_42_.pdf"',
    );
  });
});

describe("planning the sweep", () => {
  const ref = (i: number): InvoiceRef => ({
    invoiceId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    businessId: BUSINESS_ID,
    version: 2,
    updatedAt: new Date(NOW.getTime() - (60 - i) * 60_000),
  });

  it("enqueues nothing when nothing is due, and says so", () => {
    expect(planInvoiceSweep({ due: [], now: NOW })).toMatchObject({ outcome: "skip", code: "nothing-due" });
  });

  it("enqueues one generate_pdf job per invoice, in SendMessageBatch calls of at most ten with unique ids", () => {
    const due = Array.from({ length: 23 }, (_, i) => ref(i));
    const batches = effectsOfType(planInvoiceSweep({ due, now: NOW }).effects, "sqs.SendMessageBatch");
    expect(batches.map((b) => b.entries.length)).toEqual([10, 10, 3]);
    const entries = batches.flatMap((b) => b.entries);
    expect(new Set(entries.map((e) => e.id)).size).toBe(23);
    expect(entries.map((e) => e.body)).toEqual(
      due.map((r) => ({ invoiceId: r.invoiceId, businessId: BUSINESS_ID, action: "generate_pdf" })),
    );
  });

  it("looks at changes older than five minutes", () => {
    expect(sweepCutoff(NOW).toISOString()).toBe("2026-11-27T16:01:30.000Z");
  });
});

describe("carrying out a generate_pdf job", () => {
  function worker(documents: InvoiceDocument[], overrides: Partial<InvoiceWorkerContext> = {}) {
    let reads = 0;
    const put = vi.fn(async () => ({}));
    const update = vi.fn(async () => ({ updated: 1 }));
    const store = memoryItemStore();
    const ctx: InvoiceWorkerContext = {
      functionName: "invoice-worker",
      stage: "prod",
      store,
      dryRun: false,
      now: () => NOW,
      executors: { "s3.PutObject": put, "postgres.invoices.update": update },
      invoices: {
        find: async (id, business) => {
          const document = documents[Math.min(reads++, documents.length - 1)];
          return document && document.invoice.id === id && document.invoice.businessId === business
            ? structuredClone(document)
            : undefined;
        },
        needingPdf: async () => [],
      },
      exactlyOnce: exactlyOnce(new MemoryPersistenceLayer(), {
        keyPrefix: "invoice-pdf",
        expiresAfterSeconds: 60,
        context: lambdaContext("invoice-worker", "prod"),
      }),
      ...overrides,
    };
    return { ctx, put, update, store };
  }

  it("puts and records once; the same job again gets the first result", async () => {
    const { ctx, put, update } = worker([invoiceDocument()]);
    const first = await generateInvoicePdf(job, { eventId: "m1" }, ctx);
    const second = await generateInvoicePdf(job, { eventId: "m2" }, ctx);

    expect(first).toMatchObject({ invoiceId: INVOICE_ID, version: 3, outcome: "act", status: "applied" });
    expect(second).toEqual({ ...first, replayed: true });
    expect(put).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(1);
  });

  it("fails with InvoiceNotFoundError when the invoice is not the business's", async () => {
    const { ctx, put } = worker([]);
    await expect(generateInvoicePdf(job, { eventId: "m1" }, ctx)).rejects.toThrow(InvoiceNotFoundError);
    expect(put).not.toHaveBeenCalled();
  });

  it("reads the new version and renders it when the row changed under the first render", async () => {
    const v3 = invoiceDocument();
    const v4 = invoiceDocument({ customerName: "Maria Alvarez-Ruiz" });
    v4.invoice.version = 4;
    const { ctx, put, update, store } = worker([v3, v4]);
    update.mockRejectedValueOnce(new InvoiceVersionChangedError(INVOICE_ID, 3));

    const result = await generateInvoicePdf(job, { eventId: "m1" }, ctx);

    expect(result).toMatchObject({ version: 4, status: "applied" });
    expect(put).toHaveBeenCalledTimes(2);
    expect(update.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      expect.objectContaining({ expectedVersion: 3 }),
      expect.objectContaining({ expectedVersion: 4 }),
    ]);
    // Both at the same instant: the audit keeps both, in no particular order.
    expect((await readAudit(store, `invoice#${INVOICE_ID}`)).map((a) => a.outcome).sort()).toEqual([
      "applied",
      "failed",
    ]);
  });

  it("records the effects without applying them in dry-run", async () => {
    const { ctx, put, update } = worker([invoiceDocument()], { dryRun: true });
    expect(await generateInvoicePdf(job, { eventId: "m1" }, ctx)).toMatchObject({ status: "recorded" });
    expect(put).not.toHaveBeenCalled();
    expect(update).not.toHaveBeenCalled();
  });

  it("keys a job by invoice and version, a re-render by its request too, and a dry run apart", () => {
    expect(idempotencyKey(job, 3, false)).toBe(`${INVOICE_ID}#v3`);
    expect(idempotencyKey({ ...job, requestId: "evt-1" }, 3, false)).toBe(`${INVOICE_ID}#v3#rerender#evt-1`);
    expect(idempotencyKey(job, 3, true)).toBe(`${INVOICE_ID}#v3#dry-run`);
  });

  it("renders for real after dry runs of the same job, when the stage goes live", async () => {
    const shared = worker([invoiceDocument()], { dryRun: true });
    expect(await generateInvoicePdf(job, { eventId: "m1" }, shared.ctx)).toMatchObject({ status: "recorded" });
    const live = await generateInvoicePdf(job, { eventId: "m2" }, { ...shared.ctx, dryRun: false });
    expect(live).toMatchObject({ status: "applied" });
    expect(live.replayed).toBeUndefined();
    expect(shared.put).toHaveBeenCalledTimes(1);
  });
});

describe("audit records of binary effects", () => {
  it("keep an object body's size, not its bytes", () => {
    expect(withoutBinary({ effects: [{ type: "s3.PutObject", body: new Uint8Array(4321) }], at: "t" })).toEqual({
      effects: [{ type: "s3.PutObject", body: { bytes: 4321 } }],
      at: "t",
    });
  });
});

function withPdf(document: InvoiceDocument, pdfVersion: number): InvoiceDocument {
  document.invoice.pdfKey = `invoices/${BUSINESS_ID}/${INVOICE_ID}.pdf`;
  document.invoice.pdfGeneratedAt = NOW;
  document.invoice.pdfVersion = pdfVersion;
  return document;
}
