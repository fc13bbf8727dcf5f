/** What the invoice functions need from the runtime, checked once per invocation with a clear error. */
import type { Context } from "aws-lambda";
import type { InvoiceWorkerContext } from "../../core/invoices/generate.js";
import type { InvoiceRepository } from "../../core/invoices/model.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { exactlyOnce } from "./exactly-once.js";
import { currentRuntime, type Runtime, reactionContext } from "./runtime.js";

/** Duplicates of a job within a day get the first result; later ones are caught by the row's `pdf_version`. */
const IDEMPOTENCY_SECONDS = 86_400;

/** The invoice functions' runtime: installed (local tools, tests) or built from the Lambda environment. */
export const invoiceRuntime = () =>
  currentRuntime(() => import("./aws-invoice-runtime.js").then((m) => m.awsInvoiceRuntime()));

export async function invoiceRepository(runtime: Runtime): Promise<InvoiceRepository> {
  if (!runtime.invoices) throw new ConfigurationError("this runtime has no invoice database");
  return runtime.invoices();
}

export async function invoiceWorkerContext(
  runtime: Runtime,
  functionName: string,
  context: Context,
): Promise<InvoiceWorkerContext> {
  if (!runtime.idempotency) throw new ConfigurationError("this runtime has no idempotency store");
  return {
    ...reactionContext(runtime, functionName),
    invoices: await invoiceRepository(runtime),
    exactlyOnce: exactlyOnce(runtime.idempotency, {
      keyPrefix: "invoice-pdf",
      expiresAfterSeconds: IDEMPOTENCY_SECONDS,
      context,
    }),
  };
}
