/**
 * Each function's runtime as built from the Lambda environment. Every builder is a dynamic import, so the SDK
 * clients, the Postgres driver and the metrics parser load on a deployed function's first invocation and only
 * in the functions that use them; the cold import stays the handler and core alone.
 */
import type { AwsRuntime } from "./aws-runtime.js";
import type { IngestRuntime, InvoiceWorkerRuntime, ReconcileRuntime, SupabaseRuntimePorts } from "./runtime.js";

/** The common runtime: the state table, the notification channels, the scaling readers, the Slack readers. */
export const commonRuntime = (): Promise<AwsRuntime> => import("./aws-runtime.js").then((m) => m.awsRuntime());

/** The webhook ingest's and its redrive's: the secret, the app bus, the fallback queue, nothing else. */
export const ingestRuntime = (): Promise<IngestRuntime> =>
  import("./ingest-runtime.js").then((m) => m.ingestAwsRuntime());

/** The common runtime with the Supabase ports and ticket executors (functions/lib/supabase.ts). */
export const supabaseRuntime = (): Promise<AwsRuntime & SupabaseRuntimePorts> =>
  Promise.all([import("./aws-runtime.js"), import("./supabase.js")]).then(([aws, supabase]) =>
    supabase.withSupabase(aws.awsRuntime()),
  );

/** The common runtime with Hero365's invoices in Postgres and the idempotency records. */
export const invoiceRuntime = (): Promise<AwsRuntime & InvoiceWorkerRuntime> =>
  import("./aws-invoice-runtime.js").then((m) => m.awsInvoiceRuntime());

/** The common runtime whose follow-ups go to the queue of the function that follows the episode up. */
export const reconcileRuntime = (): Promise<ReconcileRuntime> =>
  import("./reconcile-runtime.js").then((m) => m.reconcileAwsRuntime());
