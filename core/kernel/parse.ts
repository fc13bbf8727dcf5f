/**
 * Validation at the edge (STYLE.md §3): a schema failure of an event from outside becomes an
 * `InvalidEventError` that names the field, keeping zod's error as its cause.
 */
import type * as z from "zod";
import { InvalidEventError } from "./errors.js";

/** @example parseEvent(AlarmStateChangeEventSchema, event, "alarm state change") */
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
