/**
 * Validation at the edge (STYLE.md §3): a schema failure of an event from outside becomes an
 * `InvalidEventError` that names the field, keeping zod's error as its cause.
 */
import type * as z from "zod";
import { InvalidEventError } from "./errors.js";

/** Schemas parsed once already in this container. */
const parsedBefore = new WeakSet<z.ZodType>();

/** @example parseEvent(AlarmStateChangeEventSchema, event, "alarm state change") */
export function parseEvent<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  // A schema's first event in a container is parsed without compiling zod's fast path for it: compiling costs
  // a cold start more than one parse saves. The following events (a warm container) compile it once and use it.
  const first = !parsedBefore.has(schema);
  if (first) parsedBefore.add(schema);
  const parsed = schema.safeParse(input, first ? { jitless: true } : undefined);
  if (parsed.success) return parsed.data;
  throw new InvalidEventError(`${what}: ${describeIssues(parsed.error.issues)}`, { cause: parsed.error });
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}
