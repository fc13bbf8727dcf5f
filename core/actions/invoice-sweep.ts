/** `invoice-sweep`: a background worker, not a matrix reaction: it re-enqueues what was lost on the way. */
import { type FunctionSpec, STATE_TABLE } from "./spec.js";

export const INVOICE_SWEEP = {
  functionName: "invoice-sweep",
  description: "enqueues finalized invoices that still have no current PDF",
  // SendMessageBatch is authorized as sqs:SendMessage.
  permissions: [{ actions: ["sqs:SendMessage"], resources: ["invoiceQueue"] }, STATE_TABLE],
  planner: { file: "core/invoices/decide-sweep.ts", export: "planInvoiceSweep" },
} as const satisfies FunctionSpec;
