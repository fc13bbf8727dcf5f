/**
 * fast-check arbitraries of chaos histories: a few alarm spans over four hours on both services, each state
 * change delivered on time, duplicated, late by up to an hour, redriven from the DLQ days later, or lost;
 * windows in which an AWS API throttles; windows in which a function's invocations fail.
 */
import fc from "fast-check";
import { AWS_APIS, type Delivery, type History, type Outage, type Span, type Throttle } from "./history.js";

/** Alarm spans start within this many minutes of the history's start. */
export const HISTORY_MINUTES = 240;

export const deliveryArb: fc.Arbitrary<Delivery> = fc.oneof(
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant("copies" as const),
      delaysSeconds: fc.array(
        fc.oneof(
          { weight: 3, arbitrary: fc.integer({ min: 1, max: 60 }) },
          // EventBridge retries a failing target for up to the rule's maximum event age (1 h).
          { weight: 1, arbitrary: fc.integer({ min: 61, max: 3_600 }) },
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("redrive" as const), afterDays: fc.integer({ min: 1, max: 3 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "lost" as const }) },
);

function spanArb(alarms: readonly string[]): fc.Arbitrary<Span> {
  return fc.record({
    alarm: fc.constantFrom(...alarms),
    state: fc.oneof(
      { weight: 6, arbitrary: fc.constant("ALARM" as const) },
      { weight: 1, arbitrary: fc.constant("INSUFFICIENT_DATA" as const) },
    ),
    from: fc.integer({ min: 0, max: HISTORY_MINUTES }),
    // Mostly short spans; a long one now and then follows a chain of follow-ups and re-pages for hours.
    minutes: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 30 }) },
      { weight: 1, arbitrary: fc.integer({ min: 31, max: 150 }) },
    ),
    level: fc.integer({ min: 105, max: 250 }).map((p) => p / 100),
    onset: deliveryArb,
    end: deliveryArb,
  });
}

const throttleArb: fc.Arbitrary<Throttle> = fc.record({
  api: fc.constantFrom(...AWS_APIS),
  from: fc.integer({ min: 0, max: HISTORY_MINUTES + 60 }),
  minutes: fc.integer({ min: 1, max: 15 }),
});

function outageArb(functions: readonly string[]): fc.Arbitrary<Outage> {
  return fc.record({
    fn: fc.constantFrom(...functions),
    from: fc.integer({ min: 0, max: HISTORY_MINUTES + 60 }),
    minutes: fc.integer({ min: 1, max: 10 }),
  });
}

/** Histories over `alarms` (alarm names); outages hit `functions`. */
export function historyArb(alarms: readonly string[], functions: readonly string[]): fc.Arbitrary<History> {
  return fc.record(
    {
      spans: fc.array(spanArb(alarms), { minLength: 1, maxLength: 5 }),
      throttles: fc.array(throttleArb, { maxLength: 3 }),
      outages: fc.array(outageArb(functions), { maxLength: 2 }),
      followUpCopyAfterSeconds: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined, freq: 4 }),
    },
    { requiredKeys: ["spans", "throttles", "outages"] },
  );
}
