import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { eventBridgePutEvents } from "../../core/adapters/aws/eventbridge.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import type { EventsPutEvents } from "../../core/ingest/effects.js";
import { PutEventsFailedError } from "../../core/kernel/adapter-errors.js";
import { ConfigurationError } from "../../core/kernel/errors.js";

const eventBridge = mockClient(EventBridgeClient);
const sqs = mockClient(SQSClient);

const entry = (n: number) => ({ source: "hero365.supabase", detailType: "invoices.update", detail: `{"n":${n}}` });
const put = (...entries: EventsPutEvents["entries"]): EventsPutEvents => ({
  type: "events.PutEvents",
  bus: "app",
  entries,
});

function executor() {
  const sleep = vi.fn(async (_ms: number) => undefined);
  const execute = eventBridgePutEvents(new EventBridgeClient({}), { app: "hero365-prod-app" }, { sleep });
  return { execute, sleep };
}

beforeEach(() => {
  eventBridge.reset();
  sqs.reset();
});

describe("PutEvents on EventBridge", () => {
  it("puts the entries on the configured bus and returns their event ids", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    const { execute } = executor();

    expect(await execute(put(entry(1)))).toEqual({ eventIds: ["e-1"] });

    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input).toEqual({
      Entries: [
        {
          EventBusName: "hero365-prod-app",
          Source: "hero365.supabase",
          DetailType: "invoices.update",
          Detail: '{"n":1}',
        },
      ],
    });
  });

  it("retries an entry that failed with FailedEntryCount: 1, and succeeds", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }] })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    const { execute, sleep } = executor();

    expect(await execute(put(entry(1)))).toEqual({ eventIds: ["e-1"] });
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(sleep).toHaveBeenCalledTimes(1);
  });

  it("resends only the entries that failed, keeping every event id in request order", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: "e-1" }, { ErrorCode: "ThrottlingException" }, { EventId: "e-3" }],
      })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: "e-2" }] });
    const { execute } = executor();

    expect(await execute(put(entry(1), entry(2), entry(3)))).toEqual({ eventIds: ["e-1", "e-2", "e-3"] });
    const retried = eventBridge.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries;
    expect(retried?.map((e) => e.Detail)).toEqual(['{"n":2}']);
  });

  it("gives up after three attempts and names the error code", async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: "ThrottlingException" }] });
    const { execute } = executor();

    await expect(execute(put(entry(1)))).rejects.toThrow(PutEventsFailedError);
    await expect(execute(put(entry(1)))).rejects.toThrow(/#0 ThrottlingException/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(6);
  });

  it("does not retry an entry EventBridge will never take", async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." }],
    });
    const { execute, sleep } = executor();

    await expect(execute(put(entry(1)))).rejects.toThrow(/MalformedDetail \(Detail is malformed\.\)/);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("lets an SDK error through to the caller", async () => {
    eventBridge.on(PutEventsCommand).rejects(new Error("socket hang up"));
    const { execute } = executor();
    await expect(execute(put(entry(1)))).rejects.toThrow("socket hang up");
  });

  it("refuses to run without a bus name", async () => {
    const execute = eventBridgePutEvents(new EventBridgeClient({}), { app: undefined });
    await expect(execute(put(entry(1)))).rejects.toThrow(ConfigurationError);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});

describe("SendMessage on SQS", () => {
  it("sends the body with string attributes to the queue's URL", async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: "m-1" });
    const execute = sqsSender(new SQSClient({}), { ingestFallback: "https://sqs.example/123/fallback" });

    const output = await execute({
      type: "sqs.SendMessage",
      queue: "ingestFallback",
      body: "{}",
      attributes: { "detail-type": "invoices.insert" },
    });

    expect(output).toEqual({ messageId: "m-1" });
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: "https://sqs.example/123/fallback",
      MessageBody: "{}",
      MessageAttributes: { "detail-type": { DataType: "String", StringValue: "invoices.insert" } },
    });
  });
});
