import { generateInvoicePdf } from "../core/invoices/generate.js";
import { InvoiceJobSchema } from "../events/index.js";
import { invoiceWorkerContext } from "./lib/invoices.js";
import { reaction } from "./lib/reaction.js";
import { invoiceRuntime } from "./lib/runtimes.js";
import { sqsBatch } from "./lib/sources/sqs-batch.js";

/** Jobs from the invoices queue: the PDF of each invoice version once, failures reported per record. */
export const handler = reaction("invoice-worker", {
  runtime: invoiceRuntime,
  sources: [
    sqsBatch({
      schema: InvoiceJobSchema,
      what: "invoice job",
      serializeBy: (job) => job.invoiceId,
      prepare: (runtime, context) => invoiceWorkerContext(runtime, "invoice-worker", context),
      process: (job, record, ctx) => generateInvoicePdf(job, { eventId: record.messageId }, ctx),
    }),
  ],
});
