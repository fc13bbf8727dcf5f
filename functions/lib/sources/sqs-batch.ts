/**
 * An SQS batch of jobs, processed with Powertools' BatchProcessor and answered with partial batch responses,
 * so one bad record fails alone (retried, then redriven to the DLQ) and never the batch. Each body is parsed at
 * the edge; a body that is not JSON or not the schema fails its record with an InvalidEventError naming the
 * field. Records run in parallel, except records with the same key (duplicates of one job), which run one
 * after the other: the second then finds the first one's result instead of racing it. What `prepare` builds
 * is shared by the batch; a ConfigurationError there fails the whole invocation, since no record could
 * succeed, and so does an event that is no SQS batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { PartialItemFailureResponse } from "@aws-lambda-powertools/batch/types";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import type * as z from "zod";
import { InvalidEventError } from "../../../core/kernel/errors.js";
import { parseEvent } from "../../../core/kernel/parse.js";
import { SqsEventSchema } from "../../../events/index.js";
import type { Source } from "./source.js";

export interface SqsBatch<R, S extends z.ZodType, D> {
  schema: S;
  /** What a body is, for error messages: "invoice job". */
  what: string;
  /** Records with the same key run one after the other. */
  serializeBy: (message: z.output<S>) => string;
  prepare: (runtime: R, context: Context) => Promise<D>;
  process: (message: z.output<S>, record: SQSRecord, deps: D) => Promise<unknown>;
}

export function sqsBatch<R, S extends z.ZodType, D>(batch: SqsBatch<R, S, D>): Source<R, PartialItemFailureResponse> {
  return {
    handle: async (input, { functionName, context, logger }) => {
      const event = parseEvent(SqsEventSchema, input, `${batch.what} batch`) as unknown as SQSEvent;
      const deps = await batch.prepare(await context.runtime(), context);
      const inTurn = serialized();
      const response = await processPartialResponse(
        event,
        async (record: SQSRecord) => {
          try {
            const message = parseBody(batch.schema, record, batch.what);
            const result = await inTurn(batch.serializeBy(message), () => batch.process(message, record, deps));
            logger.info("record done", { messageId: record.messageId, result });
            return result;
          } catch (error) {
            logger.error("record failed", {
              messageId: record.messageId,
              receiveCount: record.attributes?.ApproximateReceiveCount,
              error: { name: (error as Error).name, message: (error as Error).message },
            });
            throw error;
          }
        },
        new BatchProcessor(EventType.SQS),
        // Every record failing is still a per-record answer: SQS retries exactly those, then redrives them.
        { context, throwOnFullBatchFailure: false },
      );
      logger.info("batch done", {
        function: functionName,
        records: event.Records.length,
        failed: response.batchItemFailures.length,
      });
      return response;
    },
  };
}

function parseBody<S extends z.ZodType>(schema: S, record: SQSRecord, what: string): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (cause) {
    throw new InvalidEventError(`${what} ${record.messageId}: body is not JSON (${(cause as Error).message})`, {
      cause,
    });
  }
  return parseEvent(schema, body, `${what} ${record.messageId}`);
}

/** Runs tasks of one key in arrival order, tasks of different keys concurrently. */
function serialized() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    tails.set(
      key,
      run.catch(() => undefined),
    );
    return run;
  };
}
