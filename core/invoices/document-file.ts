/** An invoice file (`events/invoices/*.json`, `npm run invoice`) as the document the renderer takes. */
import type * as z from "zod";
import type { InvoiceFileSchema } from "../../events/schemas/invoice-document.js";
import type { InvoiceDocument } from "./model.js";

/**
 * The parsed file as the document the renderer takes.
 * @example invoiceDocumentOf(InvoiceFileSchema.parse(json)).invoice.status // "finalized"
 */
export function invoiceDocumentOf(file: z.output<typeof InvoiceFileSchema>): InvoiceDocument {
  const { business, invoice, lines } = file;
  const issuedAt = invoice.issuedAt ? new Date(invoice.issuedAt) : null;
  return {
    business,
    invoice: {
      ...invoice,
      businessId: business.id,
      issuedAt,
      dueAt: invoice.dueAt ? new Date(invoice.dueAt) : null,
      pdfKey: null,
      pdfGeneratedAt: null,
      pdfVersion: null,
      updatedAt: issuedAt ?? new Date(0),
    },
    lines,
  };
}
