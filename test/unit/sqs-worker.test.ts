import type { SQSEvent } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { ConfigurationError, InvalidEventError } from "../../core/kernel/errors.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { reaction } from "../../functions/lib/reaction.js";
import { sqsBatch } from "../../functions/lib/sources/sqs-batch.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { loadWorld, worldRuntime } from "../../sim/local/world.js";
import { testConfig } from "../support/config.js";

const Message = z.object({ key: z.string(), n: z.number() });
const event = (...bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`,
    receiptHandle: "r",
    body,
    attributes: {} as never,
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:q",
    awsRegion: "us-east-1",
  })),
});
const json = (key: string, n: number) => JSON.stringify({ key, n });

beforeEach(async () => {
  useRuntime("ingest-redrive", worldRuntime(await loadWorld(), "prod", testConfig("prod")));
});
afterEach(() => clearRuntimes());

/** A worker that records when each record starts and ends, and waits a turn in between. */
function tracingWorker(prepare: () => Promise<unknown> = async () => undefined) {
  const trace: string[] = [];
  // Any SQS function's name: the runtime given to it is the one the batch gets.
  const handler = reaction("ingest-redrive", {
    runtime: async () => {
      throw new ConfigurationError("the test gives the runtime");
    },
    sources: [
      sqsBatch({
        schema: Message,
        what: "test message",
        serializeBy: (m) => m.key,
        prepare,
        process: async (m) => {
          trace.push(`start ${m.key}${m.n}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          trace.push(`end ${m.key}${m.n}`);
          if (m.n < 0) throw new Error("negative");
        },
      }),
    ],
  });
  return { trace, invoke: (e: SQSEvent) => handler(e, lambdaContext("test-worker", "prod")) };
}

describe("the SQS worker wrapper", () => {
  it("runs records of one key one after the other, and records of different keys side by side", async () => {
    const { trace, invoke } = tracingWorker();
    await invoke(event(json("a", 1), json("b", 1), json("a", 2)));
    expect(trace.indexOf("end a1")).toBeLessThan(trace.indexOf("start a2"));
    expect(trace.indexOf("start b1")).toBeLessThan(trace.indexOf("end a1"));
  });

  it("runs the next record of a key even when the one before it failed, and reports only the failure", async () => {
    const { trace, invoke } = tracingWorker();
    const response = await invoke(event(json("a", -1), json("a", 2)));
    expect(trace).toEqual(["start a-1", "end a-1", "start a2", "end a2"]);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m0" }] });
  });

  it("fails a record whose body is not JSON or not the schema, and no other", async () => {
    const { invoke } = tracingWorker();
    const response = await invoke(event("{", json("a", 1), JSON.stringify({ key: 1 })));
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m0", "m2"]);
  });

  it("answers a batch where every record failed per record, so SQS retries exactly those", async () => {
    const { invoke } = tracingWorker();
    expect(await invoke(event("x", "y"))).toEqual({
      batchItemFailures: [{ itemIdentifier: "m0" }, { itemIdentifier: "m1" }],
    });
  });

  it.each([
    ["no event", null],
    ["no Records", {}],
    ["a record without its message id", { Records: [{ eventSource: "aws:sqs", body: json("a", 1) }] }],
    ["a body that is no text", { Records: [{ messageId: "m0", eventSource: "aws:sqs", body: { key: "a" } }] }],
  ])("throws InvalidEventError for %s, before building anything or running a record", async (_what, input) => {
    let prepared = false;
    const { trace, invoke } = tracingWorker(async () => {
      prepared = true;
    });
    await expect(invoke(input as never)).rejects.toThrow(InvalidEventError);
    expect({ prepared, trace }).toEqual({ prepared: false, trace: [] });
  });

  it("fails the whole invocation when what the batch needs cannot be built", async () => {
    const { trace, invoke } = tracingWorker(async () => {
      throw new ConfigurationError("secret SUPABASE_DB_URL is not set");
    });
    await expect(invoke(event(json("a", 1)))).rejects.toThrow(ConfigurationError);
    expect(trace).toEqual([]);
  });
});
