/**
 * What the ingest lets onto the app bus: row changes of the tables the pipeline consumes, put as
 * `source: "hero365.supabase"`, `detail-type: "<table>.<insert|update|delete>"`. The migration
 * supabase/migrations/20261127000200_signed_webhooks.sql puts the signed webhook triggers on the same tables.
 */

/** The schema the tables live in; Supabase webhooks name it in `schema`. */
export const INGEST_SCHEMA = "public";
export const INGEST_TABLES = ["invoices"] as const;
export type IngestTable = (typeof INGEST_TABLES)[number];

const OPERATIONS = ["insert", "update", "delete"] as const;

export function isIngestTable(schema: string, table: string): table is IngestTable {
  return schema === INGEST_SCHEMA && (INGEST_TABLES as readonly string[]).includes(table);
}

/**
 * The detail-type of a row change.
 * @example detailTypeOf("invoices", "UPDATE") // "invoices.update"
 */
export function detailTypeOf(table: IngestTable, type: "INSERT" | "UPDATE" | "DELETE"): string {
  return `${table}.${type.toLowerCase()}`;
}

/** Every detail-type the ingest can put on the bus. */
export const DETAIL_TYPES: readonly string[] = INGEST_TABLES.flatMap((table) =>
  OPERATIONS.map((op) => `${table}.${op}`),
);
