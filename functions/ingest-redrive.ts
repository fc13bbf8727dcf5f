import { redriveEvent } from "../core/ingest/redrive.js";
import { IngestFallbackMessageSchema } from "../events/index.js";
import { reaction } from "./lib/reaction.js";
import { ingestRuntime } from "./lib/runtimes.js";
import { sqsBatch } from "./lib/sources/sqs-batch.js";

/** The ingest's fallback queue: each kept row change back onto the app bus, failures reported per record. */
export const handler = reaction("ingest-redrive", {
  runtime: ingestRuntime,
  sources: [
    sqsBatch({
      schema: IngestFallbackMessageSchema,
      what: "fallback event",
      serializeBy: (message) => message.webhookId,
      // Transport, like the ingest itself: a dry-run stage still forwards, only a local run records.
      prepare: async (runtime) => ({
        dryRun: runtime.local === true,
        executors: runtime.executors,
        onEffect: runtime.onEffect,
        now: runtime.now,
      }),
      process: (message, record, ctx) =>
        redriveEvent(
          message,
          { receiptHandle: record.receiptHandle, receives: Number(record.attributes?.ApproximateReceiveCount ?? 1) },
          ctx,
        ),
    }),
  ],
});
