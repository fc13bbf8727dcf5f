/**
 * Histories of one scale-out alarm, delivered the way EventBridge and SQS really deliver: duplicated,
 * reordered, late. The real scale-ecs handler runs each delivery against a small model of the service (AAS
 * floor and max, desired count) and an in-memory state table; every floor it sets is checked against the
 * decision's invariants.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import type { FollowUp } from "../../core/alarms/follow-up.js";
import { stageConfig } from "../../core/config/index.js";
import { TIERS } from "../../core/matrix/tiers.js";
import type { CurrentAlarmState } from "../../core/scaling/service-state.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import type { ScaleEcsRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/scale-ecs.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { fixture } from "../support/fixtures.js";
import { sqsRecord } from "../support/sqs.js";

const ALARM = "hero365-prod-cpu-high-backend";
const START = Date.parse("2026-11-27T03:00:00.000Z");
const TIER_MAX = TIERS.growth.services.backend.maxCapacity;

interface Transition {
  value: "ALARM" | "OK";
  at: number;
  observed: number;
}

interface Delivery {
  at: number;
  kind: "event" | "follow-up";
  transition?: { state: Transition; previous?: Transition };
  followUp?: FollowUp;
}

const historyArb = fc.record({
  min: fc.integer({ min: 0, max: 20 }),
  max: fc.integer({ min: 1, max: 20 }),
  desired: fc.integer({ min: 0, max: 20 }),
  transitions: fc.array(
    fc.record({
      gapMinutes: fc.integer({ min: 1, max: 45 }),
      observed: fc.double({ min: 70.5, max: 250, noNaN: true }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  // Per event: how many copies, and how late each copy is (up to an hour, the rules' retry window).
  copies: fc.array(fc.array(fc.integer({ min: 0, max: 60 * 60_000 }), { minLength: 1, maxLength: 3 }), {
    minLength: 8,
    maxLength: 8,
  }),
});

function event(id: string, state: Transition, previous?: Transition) {
  const sample = structuredClone(fixture<any>("cloudwatch/cpu-high.alarm"));
  sample.id = id;
  sample.time = new Date(state.at).toISOString();
  const asState = (t: Transition) => ({
    value: t.value,
    reason: "Threshold Crossed",
    reasonData: JSON.stringify({ recentDatapoints: [t.observed] }),
    timestamp: new Date(t.at).toISOString(),
  });
  sample.detail.state = asState(state);
  if (previous) sample.detail.previousState = asState(previous);
  else delete sample.detail.previousState;
  return sample;
}

afterEach(() => clearRuntimes());

const stats = { histories: 0, deliveries: 0, scaleOuts: 0 };

describe("scale-out over duplicated, reordered and late deliveries of one alarm", () => {
  it("never lowers the floor by a scale-out, and never plans above min(tier max, AAS max)", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (h) => {
        const service = { min: h.min, max: h.max, desired: h.desired };
        const transitions: Transition[] = [];
        let at = START;
        h.transitions.forEach((t, i) => {
          at += t.gapMinutes * 60_000;
          transitions.push({ value: i % 2 === 0 ? "ALARM" : "OK", at, observed: t.observed });
        });
        const stateAt = (now: number): CurrentAlarmState => {
          const last = transitions.filter((t) => t.at <= now).at(-1);
          return last
            ? { value: last.value, reason: "r", timestamp: new Date(last.at).toISOString() }
            : { value: "OK", reason: "r", timestamp: new Date(START).toISOString() };
        };

        const queue: Delivery[] = transitions.flatMap((state, i) =>
          (h.copies[i] ?? [0]).map((delay) => ({
            at: state.at + delay,
            kind: "event" as const,
            transition: { state, ...(i > 0 && { previous: transitions[i - 1] }) },
          })),
        );
        const violations: string[] = [];
        let clock = START;
        let sends = 0;
        let scaleOuts = 0;
        const base = stageConfig("prod");
        const config = { ...base, tier: "growth" as const, safety: { ...base.safety, dryRun: false, shadowRows: [] } };
        const store = memoryItemStore();
        const runtime: ScaleEcsRuntime = {
          stage: "prod",
          config,
          dryRun: false,
          now: () => new Date(clock),
          store,
          secret: async () => "secret",
          executors: {
            "applicationautoscaling.RegisterScalableTarget": async (e) => {
              const before = { ...service };
              // The OK's return to the tier minimum lowers the floor by design; every other call is a scale-out.
              if (!(e as { reason?: string }).reason?.startsWith("lower the floor back to the tier minimum")) {
                scaleOuts += 1;
                const to = e.minCapacity;
                if (to < before.min) violations.push(`floor lowered ${before.min} → ${to}`);
                if (to <= before.desired) violations.push(`floor ${to} not above desired ${before.desired}`);
                if (to > Math.min(TIER_MAX, before.max))
                  violations.push(`floor ${to} above min(${TIER_MAX}, ${before.max})`);
              }
              service.min = e.minCapacity;
              service.desired = Math.max(service.desired, e.minCapacity);
              return { before };
            },
            "ecs.UpdateService": async (e) => {
              service.desired = e.desiredCount;
            },
            "dynamodb.PutItem": async (e) => {
              await store.put(e.item);
            },
            "dynamodb.UpdateItem": async ({ type: _type, condition, ...update }) => {
              await store.update(update, condition);
            },
            "sqs.SendMessage": async (e) => {
              const body = e.body as FollowUp;
              queue.push({ at: Date.parse(body.dueAt), kind: "follow-up", followUp: body });
              sends += 1;
            },
            "sns.Publish": async () => undefined,
            "slack.chat.postMessage": async () => ({ channel: "C", ts: "1.1" }),
            "slack.chat.update": async () => undefined,
            "pagerduty.trigger": async () => undefined,
            "pagerduty.resolve": async () => undefined,
          },
          services: {
            read: async () => ({
              desiredCount: service.desired,
              runningCount: service.desired,
              pendingCount: 0,
              deploymentInProgressSince: null,
              scalableTarget: {
                minCapacity: service.min,
                maxCapacity: service.max,
                suspended: {
                  dynamicScalingInSuspended: false,
                  dynamicScalingOutSuspended: false,
                  scheduledScalingSuspended: false,
                },
              },
            }),
          },
          alarms: { read: async (name) => (name === ALARM ? stateAt(clock) : stateAt(START - 1)) },
          killSwitch: { paused: async () => false },
        };
        useRuntime("scale-ecs", runtime);

        let n = 0;
        while (queue.length && n < 200) {
          queue.sort((a, b) => a.at - b.at);
          const next = queue.shift() as Delivery;
          clock = next.at;
          n += 1;
          const input =
            next.kind === "event" && next.transition
              ? event(`e${n}`, next.transition.state, next.transition.previous)
              : { Records: [sqsRecord(`m${n}`, JSON.stringify(next.followUp))] };
          const result = (await handler(input as never, lambdaContext("scale-ecs", "prod"))) as {
            batchItemFailures?: unknown[];
          };
          expect(result?.batchItemFailures ?? []).toEqual([]);
        }
        expect(violations).toEqual([]);
        expect(sends).toBeLessThan(200);
        stats.histories += 1;
        stats.deliveries += n;
        stats.scaleOuts += scaleOuts;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
    // The histories reach the decision: most of them scale out somewhere.
    expect(stats.scaleOuts).toBeGreaterThan(stats.histories / 5);
  }, 120_000);
});
