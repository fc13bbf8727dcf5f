/**
 * The effects of the invoice workers: the PDF object, the row that points to it, and the messages the sweep
 * enqueues again.
 */
import type { InvoiceJob } from "../../events/schemas/invoice-job.js";

/** Buckets and queues are named logically; adapters resolve them from the runtime environment. */
export type BucketName = "invoices";
export type QueueName = "invoices";

export interface S3PutObject {
  type: "s3.PutObject";
  bucket: BucketName;
  key: string;
  contentType: string;
  contentDisposition?: string;
  /** The object's bytes; audit records and local output describe them by size only. */
  body: Uint8Array;
  /** User metadata (`x-amz-meta-*`): US-ASCII values only. */
  metadata: Record<string, string>;
}

/** Records the PDF on the invoice row, only while the row is still at the version that was rendered. */
export interface PostgresInvoicesUpdate {
  type: "postgres.invoices.update";
  invoiceId: string;
  expectedVersion: number;
  set: { pdfKey: string; pdfGeneratedAt: string; pdfVersion: number };
}

export interface SqsSendMessageBatch {
  type: "sqs.SendMessageBatch";
  queue: QueueName;
  /** At most 10 entries (the SQS limit); ids unique within the batch. */
  entries: { id: string; body: InvoiceJob }[];
}

declare module "../kernel/effects.js" {
  interface EffectRegistry {
    "s3.PutObject": S3PutObject;
    "postgres.invoices.update": PostgresInvoicesUpdate;
    "sqs.SendMessageBatch": SqsSendMessageBatch;
  }
}
