/**
 * The error of each failed SQS record. Powertools' BatchProcessor keeps only a failed record's id in the
 * response (batchItemFailures) and the handler logs the error, so a local run would show ids without
 * reasons. Its failureHandler is wrapped once and reports to the run in progress, if any.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { BatchProcessor } from "@aws-lambda-powertools/batch";

export interface FailedRecord {
  id: string;
  error: { name: string; message: string };
}

const collecting = new AsyncLocalStorage<FailedRecord[]>();
let wrapped = false;

/** Runs `task`, adding to `into` every SQS record that fails inside it. */
export function collectingRecordFailures<T>(into: FailedRecord[], task: () => Promise<T>): Promise<T> {
  wrapFailureHandler();
  return collecting.run(into, task);
}

function wrapFailureHandler(): void {
  if (wrapped) return;
  wrapped = true;
  const original = BatchProcessor.prototype.failureHandler;
  BatchProcessor.prototype.failureHandler = function (this: BatchProcessor, record, error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    const id = (record as { messageId?: string }).messageId ?? "(no message id)";
    collecting.getStore()?.push({ id, error: { name, message } });
    return original.call(this, record, error);
  };
}
