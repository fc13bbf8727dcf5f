/**
 * The chaos harness inside `npm test`: a modest property run (CHAOS_RUNS, default 60; CHAOS_SEED replays a
 * seed) and the situations as fixed histories, each run through the real handlers, rules and
 * reconciler over dynalite and the simulated world. `npm run chaos` runs 2,000 histories.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosEnvironment, chaosEnvironment } from "../../scripts/lib/chaos/environment.js";
import { checkChaos } from "../../scripts/lib/chaos/property.js";
import { formatOutcome, formatTimeline } from "../../scripts/lib/chaos/report.js";
import { type HistoryReport, runHistory } from "../../scripts/lib/chaos/runner.js";
import { history, late, lost, onTime, redriven, span } from "./histories.js";

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
};
const RUNS = positive(process.env.CHAOS_RUNS, 60);
const SEED = process.env.CHAOS_SEED === undefined ? undefined : Number(process.env.CHAOS_SEED);

const CPU_HIGH = "hero365-prod-cpu-high-backend";
const ERROR_RATE = "hero365-prod-error-rate-high-backend";
const MINUTE = 60_000;

let env: ChaosEnvironment;
const run = (h: Parameters<typeof runHistory>[1], reconciler = true) =>
  runHistory(env, h, { reconciler, id: env.nextPrefix() });
/** The report's timeline, shown when an expectation fails. */
const timeline = (r: HistoryReport) => formatTimeline(r).join("\n");

beforeAll(async () => {
  env = await chaosEnvironment();
}, 120_000);
afterAll(() => env?.close());

describe("chaos: generated histories", () => {
  it(`keeps every invariant over ${RUNS} histories of late, doubled, reordered and lost events, throttling and failed invocations`, async () => {
    const outcome = await checkChaos(env, { runs: RUNS, reconciler: true, ...(SEED !== undefined && { seed: SEED }) });
    expect(outcome.passed, formatOutcome(outcome).join("\n")).toBe(true);
    expect(outcome.histories).toBe(RUNS);
  }, 240_000);
});

describe("chaos: the issue's situations", () => {
  it("a cpu-high ALARM delivered 20 min late, after its OK, is skipped as stale and leaves the floor alone", async () => {
    const r = await run(history(span(CPU_HIGH, 10, 10, { onset: late(20 * 60), end: onTime })));
    expect(r.violations, timeline(r)).toEqual([]);
    expect(timeline(r)).toContain("(stale-event)");
    expect(timeline(r)).not.toContain("RegisterScalableTarget");
  });

  it("an error-rate ALARM delivered 2 h late while still firing pages once, then re-pages an interval later, not in a burst", async () => {
    const r = await run(history(span(ERROR_RATE, 0, 240, { onset: late(2 * 3600), end: onTime })));
    expect(r.violations, timeline(r)).toEqual([]);
    const pages = Object.values(r.pages)
      .flat()
      .sort((a, b) => a - b);
    expect(pages.length, timeline(r)).toBeGreaterThanOrEqual(1);
    expect((pages[1] ?? Number.POSITIVE_INFINITY) - (pages[0] as number)).toBeGreaterThanOrEqual(30 * MINUTE);
  });

  it("a lost OK is healed by the reconciler: the floor returns to the tier minimum and the episode closes", async () => {
    const r = await run(history(span(CPU_HIGH, 0, 20, { onset: onTime, end: lost })));
    expect(r.reconciler).toBe("ran");
    expect(r.violations, timeline(r)).toEqual([]);
  });

  it("a scale-out page at the ceiling whose OK is lost is resolved once the grace has passed, not only its floor lowered", async () => {
    // ALARM at 02:11:21, three steps to the ceiling, the page at 02:26:22; OK at 02:29:21, lost. The run at
    // 02:30:00 is within the grace: it lowers the floor and leaves the page to the run at 02:35:00.
    const r = await run(history({ ...span(CPU_HIGH, 131, 18, { onset: late(1), end: lost }), level: 1.61 }));
    const text = timeline(r);
    expect(r.reconciler).toBe("ran");
    expect(r.violations, text).toEqual([]);
    expect(text).toContain("pagerduty.trigger");
    expect(text).toMatch(/02:30:00 {4}act \[applied\]: lower backend's floor 15 → 3/);
    expect(text).toMatch(
      /02:35:00 {4}act \[applied\]: resolve hero365-prod-cpu-high-backend#[^ ]+ \(OK since [^)]+\), page included/,
    );
    expect(text).toContain("pagerduty.resolve");
  });

  it("a lost OK healed by a reconciler run whose SNS publish is throttled still closes the scale-out episode", async () => {
    // The run at 00:35:00 lowers the floor and edits Slack to resolved, then SNS throttles: the scale-out
    // episode must already be closed, since the resolved notification episode is not read again.
    const r = await run({
      ...history({ ...span(CPU_HIGH, 0, 31, { onset: late(1), end: lost }), level: 1.05 }),
      throttles: [{ api: "sns.Publish" as const, from: 21, minutes: 15 }],
    });
    const text = timeline(r);
    expect(r.reconciler).toBe("ran");
    expect(text).toMatch(/00:35:00 {4}act \[failed\]: lower backend's floor/);
    expect(text).toContain("effect sns.Publish failed");
    expect(r.violations, text).toEqual([]);
  });

  it("a cpu-high ALARM redriven from the DLQ two days later does not scale a service whose alarm is long OK", async () => {
    const r = await run(history(span(CPU_HIGH, 0, 30, { onset: redriven(2), end: onTime })));
    expect(timeline(r)).toContain("redriven from the DLQ 2 d late");
    expect(r.violations, timeline(r)).toEqual([]);
  });
});

describe("chaos: the fault model", () => {
  it("a throttled RegisterScalableTarget fails the invocation; Lambda retries it until the throttling ends, and the floor is raised once", async () => {
    const h = {
      ...history(span(CPU_HIGH, 10, 60)),
      throttles: [{ api: "applicationautoscaling.RegisterScalableTarget" as const, from: 10, minutes: 2 }],
    };
    const r = await run(h);
    const text = timeline(r);
    expect(text).toContain("throttled: applicationautoscaling.RegisterScalableTarget → ThrottlingException");
    expect(text).toContain("Lambda retries in 60 s");
    expect(text).toMatch(/Lambda retry 2\n.*act \[applied\]: cpu-high on backend: scale out 3 → \d+ \(step 1\)/);
    expect(r.violations.filter((v) => v.invariant === "one scaling call per (episode, step)")).toEqual([]);
  });

  it("a follow-up SQS delivers twice takes its step once", async () => {
    const r = await run({ ...history(span(CPU_HIGH, 10, 20)), followUpCopyAfterSeconds: 0 });
    const text = timeline(r);
    expect(text).toContain(
      "follow-up step 2 of hero365-prod-cpu-high-backend#2026-11-27T00:10:21.310+0000 (receive 1) (SQS duplicate)",
    );
    expect(text).toMatch(/act \[applied\]: cpu-high on backend: scale out \d+ → \d+ \(step 2\)/);
    expect(text).toMatch(/\(SQS duplicate\)\n.* \[duplicate\]: /);
    expect(r.violations.filter((v) => v.invariant === "one scaling call per (episode, step)")).toEqual([]);
  });

  it("invocations failing for longer than Lambda's retries dead-letter the event, redriven a day later", async () => {
    const h = { ...history(span(CPU_HIGH, 10, 20)), outages: [{ fn: "scale-ecs", from: 10, minutes: 5 }] };
    const r = await run(h);
    const text = timeline(r);
    expect(text).toContain(
      "scale-ecs ← hero365-prod-cpu-high-backend ALARM event of 11-27 00:10:21, +5 s, Lambda retry 2",
    );
    expect(text).toContain("dead-letter queue (retries exhausted): redriven in 1 d");
    expect(text).toMatch(
      /11-28 00:1\d:\d\d {2}scale-ecs ← .*ALARM event of 11-27 00:10:21, \+5 s, redriven from the DLQ/,
    );
  });
});

describe("chaos: a failure reads as a timeline", () => {
  it("without the reconciler, a lost OK leaves the floor raised and the timeline shows why", async () => {
    const r = await run(history(span(CPU_HIGH, 0, 20, { onset: onTime, end: lost })), false);
    expect(r.reconciler).not.toBe("ran");
    expect(r.violations.map((v) => v.invariant)).toContain("quiet: floor at the tier minimum");
    const text = timeline(r);
    expect(text).toMatch(/hero365-prod-cpu-high-backend: OK → ALARM; its event is delivered \+5 s/);
    expect(text).toMatch(/floor 3 → \d+/);
    expect(text).toContain("ALARM → OK; its event is LOST (never delivered)");
    expect(text).toMatch(/✗ VIOLATED "quiet: floor at the tier minimum": backend floor \d+, tier minimum 3/);
  });

  it("the property, with the reconciler switched off, fails with a shrunk history and a replay line that replays it", async () => {
    const outcome = await checkChaos(env, { runs: 200, seed: 42, reconciler: false });
    expect(outcome.passed).toBe(false);
    const printed = formatOutcome(outcome).join("\n");
    expect(printed).toMatch(/shrunk in \d+ steps to this history:/);
    expect(printed).toContain("✗ VIOLATED");
    const replay = /--replay=(-?\d+):([\d:]+) --no-reconciler/.exec(printed);
    expect(replay, printed).not.toBeNull();
    const again = await checkChaos(env, {
      runs: 1,
      seed: Number(replay?.[1]),
      path: replay?.[2] as string,
      reconciler: false,
    });
    expect(again.failure?.history).toEqual(outcome.failure?.history);
  }, 120_000);
});
