import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { awsInvoiceRuntime } from "../../functions/lib/aws-invoice-runtime.js";

const ENV = {
  SST_STAGE: "prod",
  STATE_TABLE_NAME: "prod-hero365-scaling-State",
  INVOICES_BUCKET_NAME: "prod-hero365-invoicepdfs",
  INVOICE_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/prod-hero365-scaling-InvoiceQueue",
};

describe("the invoice functions' runtime in Lambda", () => {
  it("has the invoice effects' executors, the invoice database and idempotency on the state table", () => {
    const runtime = awsInvoiceRuntime(ENV);
    // The shared executors (scaling, follow-ups, state writes) come with the shared runtime.
    expect(Object.keys(runtime.executors)).toEqual(
      expect.arrayContaining(["postgres.invoices.update", "s3.PutObject", "sns.Publish", "sqs.SendMessageBatch"]),
    );
    expect(runtime.invoices).toBeTypeOf("function");
    expect(runtime.idempotency).toBeInstanceOf(DynamoDBPersistenceLayer);
    expect(runtime.idempotency).toMatchObject({
      tableName: ENV.STATE_TABLE_NAME,
      keyAttr: "pk",
      sortKeyAttr: "sk",
      staticPkValue: "IDEMPOTENCY",
      expiryAttr: "expiresAt",
    });
    expect(runtime.dryRun).toBe(false);
  });

  it("names the variable that is wrong", () => {
    expect(() => awsInvoiceRuntime({ ...ENV, INVOICE_QUEUE_URL: "not a url" })).toThrow(ConfigurationError);
    expect(() => awsInvoiceRuntime({ ...ENV, INVOICE_QUEUE_URL: "not a url" })).toThrow(/INVOICE_QUEUE_URL/);
    expect(() => awsInvoiceRuntime({ SST_STAGE: "prod" })).toThrow(/STATE_TABLE_NAME/);
  });
});
