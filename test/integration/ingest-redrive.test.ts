import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from "@aws-sdk/client-eventbridge";
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventBridgePutEvents } from "../../core/adapters/aws/eventbridge.js";
import { sqsSender, sqsVisibility } from "../../core/adapters/aws/sqs.js";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { handler as redrive } from "../../functions/ingest-redrive.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { handler as ingest } from "../../functions/supabase-webhook.js";
import { type FunctionUrlServer, serveFunctionUrl } from "../../scripts/lib/function-url-server.js";
import { signedHeaders } from "../../scripts/lib/sign-webhook.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { REDRIVE_MAX_RECEIVES, REDRIVE_TIMEOUT_SECONDS } from "../../stacks/lib/delivery.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { sqsRecord } from "../support/sqs.js";

const SECRET = `whsec_${Buffer.from("integration-webhook-secret-32byt").toString("base64")}`;
const BUS = "hero365-prod-app-bus";
const QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/hero365-prod-supabase-webhook-fallback";
/** The fallback queue's visibility timeout: a received message is hidden this long unless the consumer says. */
const VISIBILITY_MS = 10 * REDRIVE_TIMEOUT_SECONDS * 1000;

const eventBridge = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);
let server: FunctionUrlServer;
let clock = new Date("2026-11-27T09:00:00Z");

/** Entries EventBridge accepted, in order. */
let accepted: NonNullable<PutEventsCommandInput["Entries"]>;
/** While true, EventBridge answers every PutEvents with a 500 (an outage of the service in the region). */
let outage: boolean;
/** Messages in the fallback queue: body, receives so far, when it is visible again. */
let queue: { id: string; body: string; receives: number; visibleAt: number }[];

beforeAll(async () => {
  server = await serveFunctionUrl("supabase-webhook", ingest as never);
});
afterAll(async () => {
  clearRuntimes();
  await server.close();
});

beforeEach(() => {
  clock = new Date("2026-11-27T09:00:00Z");
  accepted = [];
  outage = false;
  queue = [];
  eventBridge.reset();
  sqs.reset();
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
    if (outage) throw Object.assign(new Error("We encountered an internal error."), { name: "InternalException" });
    const entries = input.Entries ?? [];
    const refused = entries.map((e) => (e.Detail ?? "").includes("refuse-me"));
    entries.forEach((e, i) => {
      if (!refused[i]) accepted.push(e);
    });
    return {
      FailedEntryCount: refused.filter(Boolean).length,
      Entries: refused.map((r, i) =>
        r ? { ErrorCode: "InternalFailure", ErrorMessage: "no" } : { EventId: `e-${i}` },
      ),
    };
  });
  sqs.on(ChangeMessageVisibilityCommand).callsFake((input: { ReceiptHandle: string; VisibilityTimeout: number }) => {
    const message = queue.find((m) => m.id === input.ReceiptHandle);
    if (message) message.visibleAt = clock.getTime() + input.VisibilityTimeout * 1000;
    return {};
  });
  sqs.on(SendMessageCommand).callsFake((input: { MessageBody: string }) => {
    const id = `m-${queue.length + 1}`;
    queue.push({ id, body: input.MessageBody, receives: 0, visibleAt: clock.getTime() });
    return { MessageId: id };
  });
  const runtime = {
    stage: "prod",
    config: testConfig("prod"),
    dryRun: false,
    now: () => clock,
    store: memoryItemStore(),
    executors: {
      "events.PutEvents": eventBridgePutEvents(new EventBridgeClient({}), { app: BUS }, { sleep: async () => {} }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), { ingestFallback: QUEUE_URL }),
      "sqs.ChangeMessageVisibility": sqsVisibility(new SQSClient({}), { ingestFallback: QUEUE_URL }),
    },
    secret: async () => SECRET,
  };
  useRuntime("ingest-redrive", runtime);
  useRuntime("supabase-webhook", runtime);
});

const context = () => lambdaContext("ingest-redrive", "prod");

/** A kept event as the ingest writes it to the fallback queue. */
function kept(webhookId: string, detail: object = { type: "UPDATE", table: "invoices", webhookId }) {
  return JSON.stringify({
    bus: "app",
    source: "hero365.supabase",
    detailType: "invoices.update",
    detail: JSON.stringify(detail),
    webhookId,
    receivedAt: "2026-11-27T08:58:00.000Z",
    failure: "InternalException: We encountered an internal error.",
  });
}

const batch = (records: [string, string, number?][]): SQSEvent => ({
  Records: records.map(([id, body, receives = 1]) => {
    const record = sqsRecord(id, body, "supabase-webhook-fallback");
    record.attributes.ApproximateReceiveCount = String(receives);
    return record;
  }),
});
const backoffs = () =>
  sqs
    .commandCalls(ChangeMessageVisibilityCommand)
    .map((c) => [c.args[0].input.ReceiptHandle, c.args[0].input.VisibilityTimeout]);

describe("ingest-redrive", () => {
  it("puts each kept event on the app bus as it was, and fails only the records PutEvents refuses again", async () => {
    const response = await redrive(
      batch([
        ["m-a", kept("msg_a")],
        ["m-b", kept("msg_b", { type: "UPDATE", table: "invoices", note: "refuse-me" })],
        ["m-c", kept("msg_c")],
      ]),
      context(),
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m-b" }]);
    expect(backoffs()).toEqual([["m-b", 60]]);
    expect(accepted.map((e) => [e.EventBusName, e.Source, e.DetailType, JSON.parse(e.Detail ?? "").webhookId])).toEqual(
      [
        [BUS, "hero365.supabase", "invoices.update", "msg_a"],
        [BUS, "hero365.supabase", "invoices.update", "msg_c"],
      ],
    );
  });

  it("fails a body that is not a kept event, alone, naming the field", async () => {
    const response = await redrive(
      batch([
        ["m-1", kept("msg_1")],
        ["m-2", JSON.stringify({ bus: "app", source: "hero365.supabase" })],
        ["m-3", "not json"],
      ]),
      context(),
    );

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["m-2", "m-3"]);
    expect(accepted).toHaveLength(1);
  });

  it("fails every record while EventBridge is down, so SQS keeps them all", async () => {
    outage = true;

    const response = await redrive(
      batch([
        ["m-1", kept("msg_1")],
        ["m-2", kept("msg_2")],
      ]),
      context(),
    );

    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m-1", "m-2"]);
    expect(accepted).toHaveLength(0);
  });
});

describe("an EventBridge outage of 10 minutes", () => {
  it("loses and doubles nothing: every webhook accepted during it reaches the bus once, after it", async () => {
    // Prepare: invoice changes signed by the database every 30 s while PutEvents fails for 10 minutes.
    const payload = fixture<Record<string, any>>("supabase/invoices.update-finalized");
    const start = clock.getTime();
    const sent: string[] = [];
    outage = true;

    // Act 1: the ingest accepts each webhook (202 queued) into the fallback queue.
    for (let i = 0; i < 20; i++) {
      clock = new Date(start + i * 30_000);
      const record = { ...payload.record, id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}` };
      const body = JSON.stringify({ ...payload, record });
      const response = await fetch(server.url, {
        method: "POST",
        headers: signedHeaders(body, SECRET, { at: clock }),
        body,
      });
      expect(response.status).toBe(202);
      expect(((await response.json()) as { status: string }).status).toBe("queued");
      sent.push(record.id);
    }

    // Act 2: SQS hands the visible messages to the consumer in batches of 10; a failed record comes back after
    // its backoff (the consumer's ChangeMessageVisibility), a success is deleted. The outage ends after 10 min.
    for (let t = start; queue.length > 0 && t < start + 3 * 3600_000; t += 60_000) {
      clock = new Date(t);
      outage = t < start + 10 * 60_000;
      const visible = queue.filter((m) => m.visibleAt <= t).slice(0, 10);
      if (visible.length === 0) continue;
      for (const m of visible) {
        m.receives++;
        m.visibleAt = t + VISIBILITY_MS;
      }
      const response = await redrive(batch(visible.map((m) => [m.id, m.body, m.receives])), context());
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      queue = queue.filter((m) => failed.has(m.id) || !visible.includes(m));
      expect(queue.every((m) => m.receives < REDRIVE_MAX_RECEIVES)).toBe(true);
    }

    // Assess: each invoice change on the bus exactly once, byte for byte, all after the outage.
    expect(queue).toEqual([]);
    expect(Math.max(...backoffs().map(([, seconds]) => seconds as number))).toBeLessThanOrEqual(900);
    const ids = accepted.map((e) => JSON.parse(e.Detail ?? "").record.id as string);
    expect(ids.sort()).toEqual([...sent].sort());
    expect(new Set(ids).size).toBe(sent.length);
  });
});
