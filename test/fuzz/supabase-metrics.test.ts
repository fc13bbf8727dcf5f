import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { ScheduledEventSchema } from "../../events/index.js";
import { handler } from "../../functions/supabase-metrics.js";
import { fixture } from "../support/fixtures.js";
import {
  anyJson,
  describeFuzz,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  install,
  mutated,
} from "./harness.js";

const SAMPLE = fixture("scheduled/supabase-metrics");

describeFuzz({ functionName: "supabase-metrics", handler, each: false }, (run) => {
  it("counts what a scheduled run publishes and records (what the property below sees as zero)", async () => {
    const counting = install();
    expect(await run(SAMPLE)).toMatchObject({ ok: true, value: { ok: true } });
    expect(counting.tally.metricsPublished).toBe(1);
    expect(counting.tally.storeWrites).toBeGreaterThan(0);
  });

  it(
    "throws InvalidEventError for anything that is not a scheduled event, publishing and recording nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(SAMPLE))
        .filter((input) => !ScheduledEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install();
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );
});
