/**
 * The event catalog: every event that crosses a boundary has a schema here, and real samples beside it
 * (`events/<source>/<case>.json`). Schemas only: core/kernel/parse.ts turns a schema failure into an
 * `InvalidEventError` that names the field.
 */
export * from "./schemas/cloudwatch-alarm.js";
export * from "./schemas/function-url.js";
export * from "./schemas/ingest-fallback.js";
export * from "./schemas/invoice-document.js";
export * from "./schemas/invoice-job.js";
export * from "./schemas/ops-request.js";
export * from "./schemas/scheduled.js";
export * from "./schemas/sqs.js";
export * from "./schemas/supabase-webhook.js";
