/**
 * The properties every alarm-driven handler shares (notify, scale-ecs, page-oncall, plan-upgrade-ticket,
 * optimize-query-alert). Each takes CloudWatch alarm state changes from EventBridge and its own follow-ups from
 * SQS; each handler's test runs these with its own samples.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FullBatchFailureError } from "@aws-lambda-powertools/batch";
import fc from "fast-check";
import { expect, it } from "vitest";
import type * as z from "zod";
import { routeAlarm } from "../../core/alarms/event.js";
import { FollowUpSchema } from "../../core/alarms/follow-up.js";
import { InvalidEventError } from "../../core/kernel/errors.js";
import type { ActionName } from "../../core/matrix/actions.js";
import { ROW_IDS } from "../../core/matrix/rows.js";
import { AlarmStateChangeEventSchema, SqsEventSchema } from "../../events/index.js";
import { agreeWithEvent, DEFAULT_WORLD, type WorldInput, WorldSchema } from "../../sim/local/world.js";
import { fixture } from "../support/fixtures.js";
import {
  anyJson,
  describeFuzz,
  expectNamed,
  expectNoEffects,
  expectNothingApplied,
  expectThrew,
  FUZZ_TIMEOUT,
  fuzz,
  type Handler,
  install,
  junk,
  junkAt,
  mutated,
  mutatedFrom,
  type Outcome,
  oddString,
  POLLUTERS,
  SAMPLE_STAGE,
  type Step,
  sqsBatches,
  TEXT,
  withOwn,
} from "./harness.js";

const EVENTS = path.resolve(import.meta.dirname, "../../events");
const ALARM_SAMPLES = readdirSync(path.join(EVENTS, "cloudwatch"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => fixture(`cloudwatch/${file.slice(0, -5)}`));
const VALID_ALARMS = ALARM_SAMPLES.filter((e) => AlarmStateChangeEventSchema.safeParse(e).success);
const FOLLOW_UPS = sqsBatches(fixture("sqs/page-oncall.follow-up"));
/** A follow-up's fields, which the reactions compute with (due times, step numbers) or key by. */
const FOLLOW_UP_FIELDS: Step[][] = ["step", "dueAt", "alarmName", "episodeKey", "functionName"].map((field) => [
  "Records",
  0,
  "body",
  TEXT,
  field,
]);
/** Fields the reactions compute with: instants, durations, the datapoints inside reasonData. */
const COMPUTED_FIELDS: Step[][] = [
  ["detail", "state", "timestamp"],
  ["detail", "previousState", "timestamp"],
  ["detail", "state", "reasonData"],
  ["detail", "state", "reasonData", TEXT, "recentDatapoints"],
  ["detail", "state", "reasonData", TEXT, "recentDatapoints", 0],
  ["detail", "state", "reason"],
  ["detail", "alarmName"],
  ["time"],
  ["region"],
];

export interface AlarmReactionFuzz {
  functionName: string;
  handler: Handler;
  action: ActionName;
  /** A sample the reaction acts on, which shows that the counters do see effects. */
  acting: string;
  /** Another kind of input the handler takes (optimize-query-alert's operator requests) and its samples. */
  also?: { schema: z.ZodType; samples: unknown[]; fields: Step[][] };
  /** A follow-up of this reaction that is due, and a world in which its alarm still fires (default: page-oncall's). */
  followUp?: { batch: unknown; world: WorldInput };
}

export function fuzzAlarmReaction({ functionName, handler, action, acting, also, followUp }: AlarmReactionFuzz): void {
  const schemas: z.ZodType[] = [AlarmStateChangeEventSchema, SqsEventSchema, ...(also ? [also.schema] : [])];
  const malformed = fc
    .oneof(anyJson, mutated(...ALARM_SAMPLES), mutatedFrom(FOLLOW_UPS), ...(also ? [mutated(...also.samples)] : []))
    .filter((input) => !schemas.some((schema) => schema.safeParse(input).success));

  describeFuzz({ functionName, handler }, (run) => {
    it("counts the effects of a sample it acts on (what the properties below see as zero)", async () => {
      // CloudWatch agrees with the sample: its alarm is in the sample's state since its transition.
      const sample = fixture(acting);
      const counting = install({ world: agreeWithEvent(WorldSchema.parse(DEFAULT_WORLD), sample) });
      const outcome = await run(sample);
      expect(outcome).toMatchObject({ ok: true, value: { outcome: "act", status: "applied" } });
      expect(counting.executorCalls()).toBeGreaterThan(0);
      expect(counting.tally.reported).toBe(counting.executorCalls());
    });

    it(
      "throws InvalidEventError for anything that is neither an alarm state change nor an SQS batch, applying nothing",
      async () => {
        await fuzz(malformed, async (event) => {
          const counting = install();
          expectThrew(await run(event), InvalidEventError);
          expectNothingApplied(counting);
        });
      },
      FUZZ_TIMEOUT,
    );

    it(
      "fails exactly the records of a follow-up batch that are no follow-up, applying nothing for them",
      async () => {
        const batches = mutatedFrom(FOLLOW_UPS).filter((e) => SqsEventSchema.safeParse(e).success);
        await fuzz(batches, async (input) => {
          const event = SqsEventSchema.parse(input);
          const bad = event.Records.filter((r) => !isFollowUp(r.body));
          const good = event.Records.filter((r) => isFollowUp(r.body));
          const counting = install();
          const outcome = await run(event);
          for (const error of outcome.recordErrors) expectNamed(error);
          expect(outcome.recordErrors.filter((e) => e instanceof InvalidEventError)).toHaveLength(bad.length);
          if (good.length === 0) {
            // Powertools throws when every record failed: the whole batch comes back, as it would if named.
            expectThrew(outcome, FullBatchFailureError);
            expectNothingApplied(counting);
            return;
          }
          // The good records alone, on a fresh runtime: the mixed batch must apply exactly what they apply.
          const alone = install();
          const goodOnly = await run({ Records: good });
          expect(failedIds(outcome).sort()).toEqual([...bad.map((r) => r.messageId), ...failedIds(goodOnly)].sort());
          expect(counting.tally).toEqual(alone.tally);
        });
      },
      FUZZ_TIMEOUT,
    );

    it(
      "answers valid alarm state changes with odd values (timestamps, reason data, names) or a named error, never a crash",
      async () => {
        const odd = fc
          .oneof(mutated(...VALID_ALARMS), junkAt(VALID_ALARMS, COMPUTED_FIELDS))
          .filter((input) => AlarmStateChangeEventSchema.safeParse(input).success);
        await fuzz(odd, async (event) => {
          install();
          const outcome = await run(event);
          if (!outcome.ok) expectNamed(outcome.error);
          else expect(outcome.value).toMatchObject({ outcome: expect.any(String), reason: expect.any(String) });
        });
      },
      FUZZ_TIMEOUT,
    );

    if (also) {
      it(
        "answers its other valid inputs with odd values or a named error, never a crash",
        async () => {
          const odd = fc
            .oneof(mutated(...also.samples), junkAt(also.samples, also.fields))
            .filter((input) => also.schema.safeParse(input).success);
          await fuzz(odd, async (event) => {
            install();
            const outcome = await run(event);
            if (!outcome.ok) expectNamed(outcome.error);
            else expect(outcome.value).toMatchObject({ outcome: expect.any(String), reason: expect.any(String) });
          });
        },
        FUZZ_TIMEOUT,
      );
    }

    it(
      "answers due follow-ups with odd but valid values (huge steps, far due times, other alarms) or a named error, never a crash",
      async () => {
        const { batch, world } = followUp ?? {
          batch: fixture("sqs/page-oncall.follow-up"),
          world: JSON.parse(readFileSync(path.join(EVENTS, "worlds/error-rate-still-firing.json"), "utf8")),
        };
        const odd = junkAt([batch], FOLLOW_UP_FIELDS).filter((input) => {
          const parsed = SqsEventSchema.safeParse(input);
          return parsed.success && parsed.data.Records.every((r) => isFollowUp(r.body));
        });
        await fuzz(odd, async (event) => {
          install({ world });
          const outcome = await run(event);
          for (const error of outcome.recordErrors) expectNamed(error);
          if (!outcome.ok) expectNamed(outcome.error);
        });
      },
      FUZZ_TIMEOUT,
    );

    it(
      "skips valid alarm state changes that are not its own, or have insufficient data, with a reason, applying nothing",
      async () => {
        const names = fc.oneof(
          fc
            .tuple(
              fc.constantFrom(SAMPLE_STAGE, "dev", "staging", `${SAMPLE_STAGE}-eu`, ""),
              fc.oneof(fc.constantFrom(...ROW_IDS), oddString),
              fc.oneof(fc.constantFrom("backend", "frontend", "supabase"), oddString),
            )
            .map(([stage, row, target]) => `hero365-${stage}-${row}-${target}`),
          oddString,
        );
        const odd = fc
          .record({
            sample: fc.constantFrom(...VALID_ALARMS),
            name: names,
            insufficient: fc.boolean(),
            extra: fc.dictionary(fc.oneof(fc.constantFrom(...POLLUTERS), fc.string({ maxLength: 12 })), junk, {
              maxKeys: 3,
            }),
          })
          .map(({ sample, name, insufficient, extra }) => {
            const event = structuredClone(sample) as { detail: { alarmName: string; state: { value: string } } };
            if (insufficient) event.detail.state.value = "INSUFFICIENT_DATA";
            else event.detail.alarmName = name;
            for (const [key, value] of Object.entries(extra)) withOwn(event.detail, key, value);
            return event;
          })
          .filter((event) => {
            const parsed = AlarmStateChangeEventSchema.safeParse(event);
            if (!parsed.success) return false;
            const { alarmName, state } = parsed.data.detail;
            return state.value === "INSUFFICIENT_DATA" || !routeAlarm(alarmName, SAMPLE_STAGE, action);
          });
        await fuzz(odd, async (event) => {
          const counting = install();
          const outcome = await run(event);
          if (!outcome.ok) expectNamed(outcome.error);
          expect(outcome).toMatchObject({
            ok: true,
            value: { outcome: "skip", code: expect.stringMatching(/\S/), reason: expect.stringMatching(/\S/) },
          });
          expect(outcome.ok && outcome.value).toMatchObject({ status: "nothing-to-apply", effects: [] });
          expectNoEffects(counting);
        });
      },
      FUZZ_TIMEOUT,
    );
  });
}

function isFollowUp(body: unknown): boolean {
  if (typeof body !== "string") return false;
  try {
    return FollowUpSchema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

function failedIds(outcome: Outcome): string[] {
  if (!outcome.ok) return [];
  return (outcome.value as { batchItemFailures: { itemIdentifier: string }[] }).batchItemFailures.map(
    (f) => f.itemIdentifier,
  );
}
