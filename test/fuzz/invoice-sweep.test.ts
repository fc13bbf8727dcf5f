import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { ScheduledEventSchema } from "../../events/index.js";
import { handler } from "../../functions/invoice-sweep.js";
import { fixture } from "../support/fixtures.js";
import { BUSINESS_ID, INVOICE_ID } from "../support/invoice-documents.js";
import {
  anyJson,
  describeFuzz,
  draftInvoices,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
  NOW,
} from "./harness.js";

const SAMPLE = fixture("cron/invoice-sweep");
/** One finalized invoice without its PDF: a run that got through would enqueue it. */
const due = () =>
  draftInvoices([
    { invoiceId: INVOICE_ID, businessId: BUSINESS_ID, version: 3, updatedAt: new Date(NOW.getTime() - 3_600_000) },
  ]);

describeFuzz({ functionName: "invoice-sweep", handler, each: false }, (run) => {
  it("counts the jobs a scheduled run enqueues (what the property below sees as zero)", async () => {
    const counting = install({ invoices: due() });
    expect(await run(SAMPLE)).toMatchObject({ ok: true, value: { outcome: "act", status: "applied" } });
    expect(counting.tally.executed).toEqual({ "sqs.SendMessageBatch": 1 });
  });

  it(
    "throws InvalidEventError for anything that is not a scheduled event, enqueueing nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(SAMPLE))
        .filter((input) => !ScheduledEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install({ invoices: due() });
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );
});
