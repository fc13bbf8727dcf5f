/**
 * The event catalog: every event that crosses a boundary has a schema here, and real samples beside it
 * (`events/<source>/<case>.json`). `parseEvent` turns a schema failure into an `InvalidEventError` that
 * names the field.
 */
import type * as z from "zod";
import { InvalidEventError } from "../core/kernel/errors.js";

export * from "./schemas/cloudwatch-alarm.js";
export * from "./schemas/function-url.js";
export * from "./schemas/ingest-fallback.js";
export * from "./schemas/invoice-document.js";
export * from "./schemas/invoice-job.js";
export * from "./schemas/ops-request.js";
export * from "./schemas/scheduled.js";
export * from "./schemas/sqs.js";
export * from "./schemas/supabase-webhook.js";

export function parseEvent<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new InvalidEventError(`${what}: ${describeIssues(parsed.error.issues)}`, { cause: parsed.error });
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
