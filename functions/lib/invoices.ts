/** What the invoice worker builds once per batch from its runtime: the reaction context, the database, exactly-once. */
import type { Context } from "aws-lambda";
import type { InvoiceWorkerContext } from "../../core/invoices/generate.js";
import { exactlyOnce } from "./exactly-once.js";
import { type InvoiceWorkerRuntime, reactionContext } from "./runtime.js";

/** Duplicates of a job within a day get the first result; later ones are caught by the row's `pdf_version`. */
const IDEMPOTENCY_SECONDS = 86_400;

export async function invoiceWorkerContext(
  runtime: InvoiceWorkerRuntime,
  functionName: string,
  context: Context,
): Promise<InvoiceWorkerContext> {
  return {
    ...reactionContext(runtime, functionName),
    invoices: await runtime.invoices(),
    exactlyOnce: exactlyOnce(runtime.idempotency, {
      keyPrefix: "invoice-pdf",
      expiresAfterSeconds: IDEMPOTENCY_SECONDS,
      context,
    }),
  };
}
