import fc from "fast-check";
import { expect, it } from "vitest";
import { InvalidEventError } from "../../core/kernel/errors.js";
import { ScheduledEventSchema } from "../../events/index.js";
import { handler } from "../../functions/reconcile.js";
import type { WorldInput } from "../../sim/local/world.js";
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

const SAMPLE = fixture("scheduled/reconcile");
/** A world with a raised floor and a page left open by lost OK events: a run that got through would act. */
const LOST_OK = fixture<WorldInput>("worlds/lost-ok");

describeFuzz({ functionName: "reconcile", handler, each: false }, (run) => {
  it("counts what a scheduled run converges (what the property below sees as zero)", async () => {
    const counting = install({ world: LOST_OK });
    expect(await run(SAMPLE)).toMatchObject({ ok: true, value: { outcome: "act", status: "applied" } });
    expect(counting.tally.executed).toMatchObject({
      "applicationautoscaling.RegisterScalableTarget": 1,
      "pagerduty.resolve": 1,
      "slack.chat.update": 2,
    });
  });

  it(
    "throws InvalidEventError for anything that is not a scheduled event, converging nothing",
    async () => {
      const malformed = fc
        .oneof(anyJson, mutated(SAMPLE))
        .filter((input) => !ScheduledEventSchema.safeParse(input).success);
      await fuzz(malformed, async (event) => {
        const counting = install({ world: LOST_OK });
        expectThrew(await run(event), InvalidEventError);
        expectNothingApplied(counting);
      });
    },
    FUZZ_TIMEOUT,
  );

  it(
    "throws InvalidEventError for a scheduled event whose time is not an instant, converging nothing",
    async () => {
      const times = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom("2026-13-45T99:00:00Z", "yesterday", " "));
      await fuzz(
        times.filter((time) => Number.isNaN(new Date(time).getTime())),
        async (time) => {
          const counting = install({ world: LOST_OK });
          expectThrew(await run({ ...SAMPLE, time }), InvalidEventError);
          expectNothingApplied(counting);
        },
      );
    },
    FUZZ_TIMEOUT,
  );
});
