import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { InvoiceJobSchema, SqsEventSchema } from "../../events/index.js";
import { handler } from "../../functions/invoice-worker.js";
import { fixture } from "../support/fixtures.js";
import { invoiceDocument } from "../support/invoice-documents.js";
import {
  anyJson,
  describeFuzz,
  expectNamed,
  expectNoEffects,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
  mutatedFrom,
  sqsBatches,
} from "./harness.js";

const ONE_JOB = fixture("sqs/invoices.generate-pdf");
const MIXED = fixture<{ Records: { messageId: string }[] }>("sqs/invoices.mixed-batch");
/** Every invoice asked for is finalized and without a PDF: a job that got through would render it. */
const finalized = { find: async () => invoiceDocument(), needingPdf: async () => [] };

function isJob(body: string): boolean {
  try {
    return InvoiceJobSchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

describeFuzz({ functionName: "invoice-worker", handler }, (run) => {
  it("counts the effects of a job it renders (what the properties below see as zero)", async () => {
    const counting = install({ invoices: finalized });
    expect(await run(ONE_JOB)).toMatchObject({ ok: true, value: { batchItemFailures: [] } });
    expect(counting.tally.executed).toEqual({ "s3.PutObject": 1, "postgres.invoices.update": 1 });
  });

  it(
    "throws InvalidEventError for anything that is not an SQS batch, applying nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(ONE_JOB, MIXED))
        .filter((input) => !SqsEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install({ invoices: finalized });
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );

  it(
    "fails exactly the records of a truncated, reordered or mutated batch that are not invoice jobs",
    async () => {
      const batches = mutatedFrom(sqsBatches(MIXED, 8)).filter((input) => SqsEventSchema.safeParse(input).success);
      await fuzz(batches, async (input) => {
        const event = SqsEventSchema.parse(input);
        const bad = event.Records.filter((r) => !isJob(r.body)).map((r) => r.messageId);
        // Valid jobs find a draft invoice: skipped with a reason, so any effect would come from a bad record.
        const counting = install();
        const outcome = await run(event);
        if (!outcome.ok) expectNamed(outcome.error);
        expect(outcome.recordErrors).toHaveLength(bad.length);
        for (const error of outcome.recordErrors) expectNamed(error, InvalidEventError);
        const failed = (outcome.ok && (outcome.value as { batchItemFailures: { itemIdentifier: string }[] })) || {
          batchItemFailures: [],
        };
        expect(failed.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(bad.sort());
        expectNoEffects(counting);
      });
    },
    FUZZ_TIMEOUT,
  );
});
