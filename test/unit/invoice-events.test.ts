import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { parseEvent } from "../../core/kernel/parse.js";
import {
  InvoiceJobSchema,
  RerenderRequestSchema,
  ScheduledEventSchema,
  SUPABASE_SOURCE,
  SupabaseWebhookSchema,
} from "../../events/index.js";
import { fixture } from "../support/fixtures.js";

const job = { invoiceId: "3f6c2a9e-8b1d-4c57-9e2a-6d4b0f1a7c3e", businessId: "b8e1d4f2-5a3c-4e9b-8f7d-2c6a1e0b9d45" };

describe("the invoice job message", () => {
  it("is the seed's { invoiceId, businessId, action: generate_pdf }, as in the SQS sample", () => {
    const [record] = fixture<SQSEvent>("sqs/invoices.generate-pdf").Records;
    expect(parseEvent(InvoiceJobSchema, JSON.parse(record!.body), "job")).toEqual({ ...job, action: "generate_pdf" });
  });

  it("names an unknown action and the known ones", () => {
    expect(() => parseEvent(InvoiceJobSchema, { ...job, action: "send_reminder" }, "invoice job")).toThrow(
      new InvalidEventError('invoice job: action: unknown action "send_reminder" (known: generate_pdf)'),
    );
    expect(() => parseEvent(InvoiceJobSchema, job, "invoice job")).toThrow(/action: missing action/);
  });

  it("names a missing or malformed id", () => {
    expect(() => parseEvent(InvoiceJobSchema, { invoiceId: "42", action: "generate_pdf" }, "invoice job")).toThrow(
      /invoiceId: Invalid UUID.*businessId/,
    );
  });

  it("carries a re-render's request id", () => {
    expect(InvoiceJobSchema.parse({ ...job, action: "generate_pdf", requestId: "evt-1" }).requestId).toBe("evt-1");
  });
});

describe("the invoice samples", () => {
  it.each([
    "invoices.update-finalized",
    "invoices.insert-finalized",
    "invoices.insert-draft",
    "invoices.update-paid",
    "invoices.update-pdf-recorded",
  ])("app-bus/%s is the ingest's envelope around a real Supabase webhook payload", (name) => {
    const event = fixture<any>(`app-bus/${name}`);
    expect(event.source).toBe(SUPABASE_SOURCE);
    const payload = parseEvent(SupabaseWebhookSchema, event.detail, name);
    expect(event["detail-type"]).toBe(`${payload.table}.${payload.type.toLowerCase()}`);
    expect(payload.record?.version).toEqual(expect.any(Number));
  });

  it("app-bus/invoices.rerender-requested is a valid re-render request", () => {
    expect(parseEvent(RerenderRequestSchema, fixture("app-bus/invoices.rerender-requested"), "sample").detail).toEqual(
      job,
    );
  });

  it("cron/invoice-sweep is a scheduled event", () => {
    expect(parseEvent(ScheduledEventSchema, fixture("cron/invoice-sweep"), "sample").source).toBe("aws.events");
  });
});
