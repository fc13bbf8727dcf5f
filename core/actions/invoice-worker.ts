/** `invoice-worker`: a background worker, not a matrix reaction: it renders the invoices queue's jobs. */
import { type FunctionSpec, STATE_TABLE } from "./spec.js";

export const INVOICE_WORKER = {
  functionName: "invoice-worker",
  description: "renders invoice PDFs into the invoices bucket and records them on the invoice",
  permissions: [{ actions: ["s3:PutObject"], resources: ["invoicePdfObjects"] }, STATE_TABLE],
  planner: { file: "core/invoices/decide-pdf.ts", export: "planInvoicePdf" },
} as const satisfies FunctionSpec;
