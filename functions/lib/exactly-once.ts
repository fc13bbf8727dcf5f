/**
 * Exactly-once work with Powertools idempotency: the first caller of a key writes an in-progress record
 * (conditional put), runs the work and stores its result; later callers get that result without running it;
 * a concurrent caller gets `IdempotencyAlreadyInProgressError` and is retried by its source. A holder that
 * dies releases the key when the Lambda's remaining time runs out, so a timeout does not block it for a day.
 * https://docs.aws.amazon.com/powertools/typescript/latest/features/idempotency/
 */
import type { JSONValue } from "@aws-lambda-powertools/commons/types";
import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
import type { ExactlyOnce } from "../../core/invoices/generate.js";

export interface ExactlyOnceOptions {
  /** Names the work in the stored key, e.g. `invoice-pdf`. */
  keyPrefix: string;
  /** How long a completed key keeps answering duplicates. */
  expiresAfterSeconds: number;
  context?: Context;
}

export function exactlyOnce(persistenceStore: BasePersistenceLayer, options: ExactlyOnceOptions): ExactlyOnce {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: "key",
    expiresAfterSeconds: options.expiresAfterSeconds,
    ...(options.context && { lambdaContext: options.context }),
    // A duplicate gets the first run's result, marked so logs and callers can tell.
    responseHook: (response) => ({ ...(response as Record<string, JSONValue>), replayed: true }),
  });
  const run = makeIdempotent(async (_input: { key: string }, work: () => Promise<JSONValue>) => work(), {
    persistenceStore,
    config,
    keyPrefix: options.keyPrefix,
  });
  return (key, work) => run({ key }, work as () => Promise<JSONValue>) as ReturnType<typeof work>;
}
