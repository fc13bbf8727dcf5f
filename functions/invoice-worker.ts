import { generateInvoicePdf } from "../core/invoices/generate.js";
import { InvoiceJobSchema } from "../events/index.js";
import { invoiceRuntime, invoiceWorkerContext } from "./lib/invoices.js";
import { sqsWorker } from "./lib/sqs-worker.js";

/** Jobs from the invoices queue: the PDF of each invoice version once, failures reported per record. */
export const handler = sqsWorker("invoice-worker", {
  schema: InvoiceJobSchema,
  what: "invoice job",
  serializeBy: (job) => job.invoiceId,
  runtime: invoiceRuntime,
  prepare: (runtime, context) => invoiceWorkerContext(runtime, "invoice-worker", context),
  process: (job, record, ctx) => generateInvoicePdf(job, { eventId: record.messageId }, ctx),
});
