/**
 * `events.PutEvents` on EventBridge. PutEvents can succeed as a call and still fail entries: it answers 200 with
 * `FailedEntryCount` and an error code per entry, and neither the SDK nor SST retries those. This adapter
 * retries the entries that failed with a retryable code (a short, jittered backoff) and throws
 * `PutEventsFailedError` for whatever is left, so the caller can keep those events elsewhere.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { BusName } from "../../ingest/effects.js";
import { PutEventsFailedError, realSleep } from "../../kernel/adapter-errors.js";
import { ConfigurationError } from "../../kernel/errors.js";
import type { Executor } from "../../kernel/ports.js";
import { nextRetry, type RetryPolicy } from "../../kernel/retry.js";

/** The codes the API documents as retryable; any other (MalformedDetail, AccessDenied...) will fail again. */
const RETRYABLE = new Set(["InternalFailure", "ThrottlingException"]);

export interface RetryOptions {
  /** Calls in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 50, sleep: realSleep };

export function eventBridgePutEvents(
  client: EventBridgeClient,
  busNames: Record<BusName, string | undefined>,
  retry: Partial<RetryOptions> = {},
): Executor<"events.PutEvents"> {
  const { attempts, baseDelayMs, sleep } = { ...DEFAULT_RETRY, ...retry };
  // The HTTP integrations' policy (core/kernel/retry.ts): jittered, since the copies of a burst fail together.
  const policy: RetryPolicy = { attempts, baseDelayMs, jitter: true, maxWaitMs: Number.POSITIVE_INFINITY };
  return async (effect) => {
    const busName = busNames[effect.bus];
    if (!busName) throw new ConfigurationError(`no name configured for event bus "${effect.bus}"`);
    const eventIds: (string | undefined)[] = new Array(effect.entries.length);
    let pending: { index: number; entry: PutEventsRequestEntry }[] = effect.entries.map((e, index) => ({
      index,
      entry: { EventBusName: busName, Source: e.source, DetailType: e.detailType, Detail: e.detail },
    }));
    for (let attempt = 1; ; attempt++) {
      const result = await client.send(new PutEventsCommand({ Entries: pending.map((p) => p.entry) }));
      // Result entries are in request order; a failed one carries an ErrorCode instead of an EventId.
      const answers = pending.map((p, position) => ({ ...p, answer: result.Entries?.[position] }));
      for (const { index, answer } of answers) eventIds[index] = answer?.EventId;
      if (!result.FailedEntryCount) return { eventIds };
      let failed = answers.filter((a) => a.answer?.ErrorCode);
      // A count without codes is not expected; then nothing tells which entry failed, so all count as failed.
      if (failed.length === 0) failed = answers;
      const retryable = failed.every((f) => RETRYABLE.has(f.answer?.ErrorCode ?? ""));
      const { waitMs, giveUp } = nextRetry(policy, { attempt, waitedMs: 0 });
      if (!retryable || giveUp) {
        throw new PutEventsFailedError(
          failed.map(({ index, answer }) => ({
            index,
            errorCode: answer?.ErrorCode,
            errorMessage: answer?.ErrorMessage,
          })),
        );
      }
      pending = failed;
      await sleep(waitMs);
    }
  };
}
