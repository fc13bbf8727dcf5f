import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { IngestFallbackMessageSchema, SqsEventSchema } from "../../events/index.js";
import { handler } from "../../functions/ingest-redrive.js";
import { fixture } from "../support/fixtures.js";
import {
  anyJson,
  describeFuzz,
  expectNamed,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
  mutatedFrom,
  sqsBatches,
} from "./harness.js";

const KEPT = fixture<{ Records: { messageId: string; body: string }[] }>("sqs/ingest-fallback");

function isKept(body: string): boolean {
  try {
    return IngestFallbackMessageSchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

describeFuzz({ functionName: "ingest-redrive", handler }, (run) => {
  it("counts the effects of a kept event it redrives (what the properties below see as zero)", async () => {
    const counting = install();
    expect(await run(KEPT)).toMatchObject({ ok: true, value: { batchItemFailures: [] } });
    expect(counting.tally.executed).toEqual({ "events.PutEvents": 1 });
  });

  it(
    "throws InvalidEventError for anything that is not an SQS batch, applying nothing",
    async () => {
      const malformed = fc.oneof(anyJson, mutated(KEPT)).filter((input) => !SqsEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install();
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );

  it(
    "fails exactly the records that are not kept events, and puts each of the others on the bus once",
    async () => {
      const batches = mutatedFrom(sqsBatches(KEPT, 8)).filter((input) => SqsEventSchema.safeParse(input).success);
      await fuzz(batches, async (input) => {
        const event = SqsEventSchema.parse(input);
        const bad = event.Records.filter((r) => !isKept(r.body)).map((r) => r.messageId);
        const counting = install();
        const outcome = await run(event);
        if (!outcome.ok) expectNamed(outcome.error);
        expect(outcome.recordErrors).toHaveLength(bad.length);
        for (const error of outcome.recordErrors) expectNamed(error, InvalidEventError);
        const failed = (outcome.ok && (outcome.value as { batchItemFailures: { itemIdentifier: string }[] })) || {
          batchItemFailures: [],
        };
        expect(failed.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(bad.sort());
        const good = event.Records.length - bad.length;
        expect(counting.tally.executed["events.PutEvents"] ?? 0).toBe(good);
      });
    },
    FUZZ_TIMEOUT,
  );
});
