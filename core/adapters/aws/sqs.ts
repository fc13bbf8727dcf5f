/**
 * SQS: `sqs.SendMessage` (follow-ups, the ingest's fallback) and `sqs.SendMessageBatch` (invoice jobs). Queue
 * URLs come from the runtime environment, by the queue's logical name. SQS answers a batch with 200 even when
 * some entries failed: they are listed in `Failed`, and any of them fails the effect so the caller's retry
 * sends them again.
 */
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { QueueName as InvoiceQueueName } from "../../invoices/effects.js";
import { ConfigurationError, Hero365Error } from "../../kernel/errors.js";
import type { Executor } from "../../kernel/ports.js";
import type { QueueName } from "../../kernel/queues.js";

export function sqsSender(
  client: SQSClient,
  queueUrls: Partial<Record<QueueName, string>>,
): Executor<"sqs.SendMessage"> {
  return async (effect) => {
    const url = queueUrls[effect.queue];
    if (!url) throw new ConfigurationError(`no URL configured for queue "${effect.queue}"`);
    const input =
      effect.queue === "followUps"
        ? { QueueUrl: url, MessageBody: JSON.stringify(effect.body), DelaySeconds: effect.delaySeconds }
        : {
            QueueUrl: url,
            MessageBody: effect.body,
            MessageAttributes: Object.fromEntries(
              Object.entries(effect.attributes).map(([name, value]) => [
                name,
                { DataType: "String", StringValue: value },
              ]),
            ),
          };
    const { MessageId } = await client.send(new SendMessageCommand(input));
    return { messageId: MessageId };
  };
}

export class SqsBatchEntriesFailedError extends Hero365Error {
  constructor(readonly failed: { id: string; code: string; message?: string }[]) {
    super(
      `SQS refused ${failed.length} message(s): ${failed.map((f) => `${f.id} ${f.code}${f.message ? ` (${f.message})` : ""}`).join("; ")}`,
    );
    this.name = "SqsBatchEntriesFailedError";
  }
}

export function sqsBatchSender(
  client: SQSClient,
  queueUrls: Record<InvoiceQueueName, string | undefined>,
): Executor<"sqs.SendMessageBatch"> {
  return async (effect) => {
    const queueUrl = queueUrls[effect.queue];
    if (!queueUrl) throw new ConfigurationError(`no URL configured for queue "${effect.queue}"`);
    const { Successful = [], Failed = [] } = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: effect.entries.map((entry) => ({ Id: entry.id, MessageBody: JSON.stringify(entry.body) })),
      }),
    );
    if (Failed.length > 0) {
      throw new SqsBatchEntriesFailedError(
        Failed.map((f) => ({ id: f.Id ?? "?", code: f.Code ?? "?", ...(f.Message && { message: f.Message }) })),
      );
    }
    return { sent: Successful.length };
  };
}

export function sqsVisibility(
  client: SQSClient,
  queueUrls: Partial<Record<QueueName, string>>,
): Executor<"sqs.ChangeMessageVisibility"> {
  return async (effect) => {
    const url = queueUrls[effect.queue];
    if (!url) throw new ConfigurationError(`no URL configured for queue "${effect.queue}"`);
    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: effect.receiptHandle,
        VisibilityTimeout: effect.visibilityTimeoutSeconds,
      }),
    );
    return {};
  };
}
