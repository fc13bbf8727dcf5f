/**
 * The runtime of the invoice functions: the common one plus Hero365's Postgres (through Supavisor, URL from
 * the SUPABASE_DB_URL secret on first use) and the idempotency records in the state table. Kept apart so
 * postgres.js and Powertools idempotency stay out of the other functions' bundles.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { stateTableIdempotency } from "../../core/adapters/aws/dynamo-idempotency.js";
import { postgresInvoices, postgresInvoiceUpdater } from "../../core/adapters/postgres/invoices.js";
import { lazyPostgres } from "../../core/adapters/postgres/postgres.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { type AwsRuntime, awsRuntime } from "./aws-runtime.js";
import type { InvoiceWorkerRuntime } from "./runtime.js";

export function awsInvoiceRuntime(env: NodeJS.ProcessEnv = process.env): AwsRuntime & InvoiceWorkerRuntime {
  const base = awsRuntime(env);
  const tableName = env.STATE_TABLE_NAME;
  if (!tableName) throw new ConfigurationError("function environment: STATE_TABLE_NAME is not set");
  const database = lazyPostgres(() => base.secret("SUPABASE_DB_URL"), `hero365-${base.stage}-invoices`);
  return {
    ...base,
    executors: { ...base.executors, "postgres.invoices.update": postgresInvoiceUpdater(database.sql) },
    invoices: async () => postgresInvoices(await database.sql()),
    idempotency: stateTableIdempotency(new DynamoDBClient({}), tableName),
    close: database.close,
  };
}
