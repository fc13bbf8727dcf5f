/**
 * Whether and how an invoice gets its PDF: render the current version, put it in the invoices bucket, then
 * record it on the row, only while the row is still at that version.
 */
import type { InvoiceJob } from "../../events/schemas/invoice-job.js";
import { effect } from "../kernel/effects.js";
import "./effects.js";
import { type Plan, skip } from "../kernel/plan.js";
import { InvalidInvoiceError } from "./errors.js";
import { type InvoiceDocument, pdfObjectKey } from "./model.js";
import { renderInvoice } from "./pdf.js";

export interface InvoicePdfInput {
  job: InvoiceJob;
  document: InvoiceDocument;
  now: Date;
}

/** Statuses whose invoice is a document to send: a draft is not final yet, a void one is not owed. */
const RENDERED = new Set(["finalized", "paid"]);

/**
 * Plans the PDF of the invoice's current version, or says why there is nothing to do. Exactly-once is the
 * caller's (Powertools idempotency around the job, keyed by invoice and version), so the plan has no step key.
 * @example (await planInvoicePdf({ job, document, now })).effects.map((e) => e.type) // ["s3.PutObject", "postgres.invoices.update"]
 */
/** The plan, and the characters of the invoice no font could draw (shown as U+FFFD), as "U+1F6B0". */
export type InvoicePdfPlan = Plan & { missingCodePoints?: string[] };

export async function planInvoicePdf({ job, document, now }: InvoicePdfInput): Promise<InvoicePdfPlan> {
  const { invoice } = document;
  const which = `invoice ${invoice.invoiceNumber} (${invoice.id}) version ${invoice.version}`;
  if (!RENDERED.has(invoice.status)) {
    return skip(
      `status-${invoice.status}`,
      `${which} is ${invoice.status}: only finalized and paid invoices get a PDF`,
    );
  }
  if (!job.requestId && invoice.pdfKey && invoice.pdfVersion === invoice.version) {
    return skip("already-rendered", `${which} already has its PDF at ${invoice.pdfKey}`);
  }
  const key = pdfObjectKey(invoice.businessId, invoice.id);
  let body: Uint8Array;
  let missing: number[];
  try {
    ({ pdf: body, missingCodePoints: missing } = await renderInvoice(document, now));
  } catch (cause) {
    // Intl throws a RangeError for a locale or currency it does not know, lineAmount for a broken quantity.
    if (cause instanceof RangeError) {
      throw new InvalidInvoiceError(invoice.id, (cause as Error).message, { cause });
    }
    throw cause;
  }
  const why = job.requestId ? `re-render requested (${job.requestId})` : "it has no PDF of its current version";
  const missingCodePoints = missing.map(codePointName);
  return {
    outcome: "act",
    reason: `render ${which}: ${why}${missing.length ? `; no font has ${missingCodePoints.join(" ")}, drawn as U+FFFD` : ""}`,
    ...(missing.length && { missingCodePoints }),
    effects: [
      effect(
        {
          type: "s3.PutObject",
          bucket: "invoices",
          key,
          contentType: "application/pdf",
          contentDisposition: `inline; filename="${fileName(invoice.invoiceNumber)}.pdf"`,
          body,
          metadata: { "invoice-id": invoice.id, "invoice-version": String(invoice.version) },
        },
        `the PDF of ${which} (${body.byteLength} bytes)`,
      ),
      effect(
        {
          type: "postgres.invoices.update",
          invoiceId: invoice.id,
          expectedVersion: invoice.version,
          set: { pdfKey: key, pdfGeneratedAt: now.toISOString(), pdfVersion: invoice.version },
        },
        `point ${which} at its PDF, unless the invoice changed meanwhile`,
      ),
    ],
  };
}

/** An invoice number as a download file name: letters, digits, dot, dash and underscore only. */
function fileName(invoiceNumber: string): string {
  return invoiceNumber.replace(/[^\w.-]+/g, "_").slice(0, 100) || "invoice";
}

/** A code point as Unicode writes it, e.g. 0x1f6b0 → "U+1F6B0". */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}
