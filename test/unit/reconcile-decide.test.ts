import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { effectsOfType } from "../../core/kernel/effects.js";
import { TIERS } from "../../core/matrix/tiers.js";
import { decideReconcile } from "../../core/reconcile/decide.js";
import { testConfig } from "../support/config.js";
import {
  alarmState,
  OPENED_AT,
  openEpisode,
  RUN_AT,
  raisedFloor,
  reconcileInput,
  scaleEpisode,
} from "../support/reconcile.js";

const LONG_AGO = "2026-11-27T03:40:00.000+0000";
const JUST_NOW = "2026-11-27T04:00:10.000+0000";
const BACKEND_MIN = TIERS.growth.services.backend.minCapacity;
/** The close of the scale-out part of the episode's record (the notification part is left to the notices). */
const closesEpisode = expect.objectContaining({
  pk: "EPISODE#hero365-prod-cpu-high-backend",
  sk: "OPENED#2026-11-27T03:15:21.310Z",
  set: expect.objectContaining({ scaling: expect.objectContaining({ status: "closed" }) }),
});

describe("decideReconcile: raised floors", () => {
  it("lowers a raised floor to the tier minimum when no scale-out alarm of the service fires", () => {
    const plan = decideReconcile(
      reconcileInput({
        floors: { backend: raisedFloor("backend", 6) },
        alarms: new Map([["hero365-prod-cpu-high-backend", alarmState("OK", LONG_AGO)]]),
      }),
    );

    expect(plan.outcome).toBe("act");
    expect(plan.stepKey).toBe("reconcile#prod#2026-11-27T04:00:00.000Z");
    const [register] = effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget");
    expect(register).toMatchObject({ resourceId: "service/hero365-cluster/hero365-backend", minCapacity: BACKEND_MIN });
    const [floor] = effectsOfType(plan.effects, "dynamodb.PutItem");
    expect(floor?.item).toMatchObject({ pk: "FLOOR#prod#backend", restored: true });
    expect(plan.reason).toContain(`lower backend's floor 6 → ${BACKEND_MIN}`);
  });

  it("keeps the floor while any scale-out alarm of the service fires", () => {
    const plan = decideReconcile(
      reconcileInput({
        floors: { backend: raisedFloor("backend", 6) },
        alarms: new Map([
          ["hero365-prod-cpu-high-backend", alarmState("OK", LONG_AGO)],
          ["hero365-prod-memory-high-backend", alarmState("ALARM", LONG_AGO)],
        ]),
      }),
    );

    expect(plan).toMatchObject({ outcome: "skip", code: "nothing-to-do", effects: [] });
  });

  it("only marks the record restored when the floor is already at the tier minimum", () => {
    const plan = decideReconcile(reconcileInput({ floors: { backend: raisedFloor("backend", BACKEND_MIN) } }));

    expect(plan.effects.map((e) => e.type)).toEqual(["dynamodb.PutItem"]);
  });

  it("never registers a minimum other than the tier minimum, and never while a scale-out alarm fires", () => {
    const states = fc.constantFrom("OK", "ALARM", "INSUFFICIENT_DATA") as fc.Arbitrary<
      "OK" | "ALARM" | "INSUFFICIENT_DATA"
    >;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        states,
        states,
        states,
        (min, max, cpu, memory, latency) => {
          const alarms = new Map([
            ["hero365-prod-cpu-high-backend", alarmState(cpu, LONG_AGO)],
            ["hero365-prod-memory-high-backend", alarmState(memory, LONG_AGO)],
            ["hero365-prod-response-time-high-backend", alarmState(latency, LONG_AGO)],
          ]);
          const plan = decideReconcile(
            reconcileInput({ floors: { backend: raisedFloor("backend", min, max) }, alarms }),
          );
          const registers = effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget");
          const firing = [cpu, memory, latency].includes("ALARM");
          for (const r of registers) expect(r.minCapacity).toBe(BACKEND_MIN);
          if (firing || min <= BACKEND_MIN) expect(registers).toEqual([]);
          else if (BACKEND_MIN <= max) expect(registers).toHaveLength(1);
        },
      ),
    );
  });
});

describe("decideReconcile: open episodes", () => {
  it("resolves an open page whose alarm is OK: PagerDuty resolve by the episode key, the Slack message edited", () => {
    const episode = openEpisode("error-rate-high", "backend");
    const plan = decideReconcile(
      reconcileInput({
        episodes: [episode],
        alarms: new Map([["hero365-prod-error-rate-high-backend", alarmState("OK", LONG_AGO)]]),
      }),
    );

    expect(plan.outcome).toBe("act");
    expect(effectsOfType(plan.effects, "pagerduty.resolve")).toEqual([
      expect.objectContaining({ dedupKey: `hero365-prod-error-rate-high-backend#${OPENED_AT}` }),
    ]);
    const [update] = effectsOfType(plan.effects, "slack.chat.update");
    expect(update).toMatchObject({ channel: "C0HERO365", ts: "1795789270.000100" });
    expect(update?.episode).toMatchObject({ resolvedAt: RUN_AT.toISOString() });
    const [sns] = effectsOfType(plan.effects, "sns.Publish");
    expect(sns?.topic).toBe("onCall");
    expect(sns?.message).toContain("is back to normal");
    expect(sns?.message).toContain("The page is resolved.");
  });

  it("waits while the alarm has been OK for less than the grace (the OK reaction is likely handling it)", () => {
    const plan = decideReconcile(
      reconcileInput({
        episodes: [openEpisode("error-rate-high", "backend")],
        alarms: new Map([["hero365-prod-error-rate-high-backend", alarmState("OK", JUST_NOW)]]),
      }),
    );

    expect(plan.code).toBe("nothing-to-do");
  });

  it("resolves an episode whose alarm no longer exists", () => {
    const plan = decideReconcile(
      reconcileInput({ episodes: [openEpisode("cpu-critical", "frontend", { paged: false })] }),
    );

    expect(plan.effects.map((e) => e.type)).toEqual(["slack.chat.postMessage", "slack.chat.update", "sns.Publish"]);
    expect(plan.reason).toContain("its alarm no longer exists");
  });

  it("closes the scale-out episode with its notice when its alarm is OK", () => {
    const plan = decideReconcile(
      reconcileInput({
        episodes: [openEpisode("cpu-high", "backend", { scale: scaleEpisode("backend") })],
        alarms: new Map([["hero365-prod-cpu-high-backend", alarmState("OK", LONG_AGO)]]),
      }),
    );

    expect(effectsOfType(plan.effects, "dynamodb.PutItem")).toHaveLength(0);
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem")).toEqual([closesEpisode]);
    expect(effectsOfType(plan.effects, "sns.Publish")[0]?.message).toContain("Actions taken: 3 → 5");
  });

  it("lowers the floor of an escalated scale-out page within the grace, then resolves the page and closes the episode a period later", () => {
    // The chain reached the ceiling and paged; the OK was lost, and the first run comes 39 s after it.
    const okAt = "2026-11-27T03:59:51.000+0000";
    const escalated = openEpisode("cpu-high", "backend", {
      paged: true,
      scale: scaleEpisode("backend", { notifiedHolds: ["at-ceiling"], escalated: true }),
    });
    const alarms = new Map([["hero365-prod-cpu-high-backend", alarmState("OK", okAt)]]);
    const within = decideReconcile(
      reconcileInput({ floors: { backend: raisedFloor("backend", 15) }, episodes: [escalated], alarms }),
    );
    const after = decideReconcile(
      reconcileInput({
        episodes: [escalated],
        alarms,
        now: new Date("2026-11-27T04:05:30.000Z"),
        period: "2026-11-27T04:05:00.000Z",
      }),
    );

    expect(within.outcome).toBe("act");
    expect(within.reason).toContain(`lower backend's floor 15 → ${BACKEND_MIN}`);
    expect(within.effects.map((e) => e.type)).toEqual([
      "applicationautoscaling.RegisterScalableTarget",
      "dynamodb.PutItem",
    ]);
    expect(after.outcome).toBe("act");
    expect(after.reason).toContain(`resolve hero365-prod-cpu-high-backend#${OPENED_AT}`);
    expect(after.reason).toContain("page included");
    expect(effectsOfType(after.effects, "pagerduty.resolve")).toEqual([
      expect.objectContaining({ dedupKey: `hero365-prod-cpu-high-backend#${OPENED_AT}` }),
    ]);
    expect(effectsOfType(after.effects, "slack.chat.update")).toHaveLength(1);
    expect(effectsOfType(after.effects, "sns.Publish").map((p) => p.topic)).toContain("onCall");
    expect(effectsOfType(after.effects, "dynamodb.PutItem")).toHaveLength(0);
    expect(effectsOfType(after.effects, "dynamodb.UpdateItem")).toEqual([closesEpisode]);
  });

  it("closes the scale-out episode before any notice, so a notice failing after the Slack edit cannot strand it", () => {
    const plan = decideReconcile(
      reconcileInput({
        episodes: [openEpisode("cpu-high", "backend", { scale: scaleEpisode("backend") })],
        alarms: new Map([["hero365-prod-cpu-high-backend", alarmState("OK", LONG_AGO)]]),
      }),
    );

    expect(plan.effects[0]).toMatchObject({ type: "dynamodb.UpdateItem", set: { scaling: { status: "closed" } } });
    expect(plan.effects.slice(1).map((e) => e.type)).toEqual([
      "slack.chat.postMessage",
      "slack.chat.update",
      "sns.Publish",
    ]);
  });

  it("leaves an episode alone while its alarm has insufficient data", () => {
    const plan = decideReconcile(
      reconcileInput({
        episodes: [openEpisode("cpu-critical", "backend")],
        alarms: new Map([["hero365-prod-cpu-critical-backend", alarmState("INSUFFICIENT_DATA", LONG_AGO)]]),
      }),
    );

    expect(plan.code).toBe("nothing-to-do");
  });
});

describe("decideReconcile: follow-up chains", () => {
  const firing = new Map([
    ["hero365-prod-error-rate-high-backend", alarmState("ALARM", OPENED_AT)],
    ["hero365-prod-cpu-high-backend", alarmState("ALARM", OPENED_AT)],
  ]);

  it("sends the missed re-page of a page that went silent while its alarm fires", () => {
    const plan = decideReconcile(
      reconcileInput({ alarms: firing, episodes: [openEpisode("error-rate-high", "backend")] }),
    );

    const [followUp] = effectsOfType(plan.effects, "sqs.SendMessage");
    // 45 min in ALARM, re-pages every 30 min: slot 1 (03:45:21) never paged.
    expect(followUp).toMatchObject({
      queue: "followUps",
      delaySeconds: 0,
      body: { functionName: "page-oncall", step: 1, dueAt: "2026-11-27T03:45:21.310Z" },
    });
  });

  it("leaves a page chain alone while it pages on time", () => {
    const episode = openEpisode("error-rate-high", "backend", { lastNoticeAt: "2026-11-27T03:45:22.000Z" });
    const plan = decideReconcile(reconcileInput({ alarms: firing, episodes: [episode] }));

    expect(plan.code).toBe("nothing-to-do");
  });

  it("waits for the slot a late re-page scheduled (up to two intervals on) before calling its chain dead", () => {
    // A re-page processed 39 min in schedules the first aligned slot at least one interval on: slot 3 (04:45:21).
    const episode = openEpisode("error-rate-high", "backend", { lastNoticeAt: "2026-11-27T03:54:21.310Z" });
    const before = decideReconcile(
      reconcileInput({ alarms: firing, episodes: [episode], now: new Date("2026-11-27T04:40:00Z") }),
    );
    const after = decideReconcile(
      reconcileInput({ alarms: firing, episodes: [episode], now: new Date("2026-11-27T04:51:00Z") }),
    );

    expect(before.code).toBe("nothing-to-do");
    expect(effectsOfType(after.effects, "sqs.SendMessage")).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ step: 3, dueAt: "2026-11-27T04:45:21.310Z" }) }),
    ]);
  });

  it("sends the next step of a scale-out chain silent for longer than its cooldown", () => {
    const episode = openEpisode("cpu-high", "backend", {
      scale: scaleEpisode("backend"),
      lastStep: { step: 3, at: "2026-11-27T03:40:00.000Z" },
    });
    const plan = decideReconcile(reconcileInput({ alarms: firing, episodes: [episode] }));

    expect(effectsOfType(plan.effects, "sqs.SendMessage")).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ functionName: "scale-ecs", step: 4 }) }),
    ]);
  });

  it("does not restart a scale-out chain that stopped at the ceiling on purpose", () => {
    const episode = openEpisode("cpu-high", "backend", {
      scale: scaleEpisode("backend", { notifiedHolds: ["at-ceiling"] }),
      lastStep: { step: 3, at: "2026-11-27T03:40:00.000Z" },
    });
    const plan = decideReconcile(reconcileInput({ alarms: firing, episodes: [episode] }));

    expect(plan.code).toBe("nothing-to-do");
  });

  it("ignores an older open episode of an alarm that fires again (only the newest is followed up)", () => {
    const plan = decideReconcile(
      reconcileInput({ alarms: firing, episodes: [openEpisode("error-rate-high", "backend", { latest: false })] }),
    );

    expect(plan.code).toBe("nothing-to-do");
  });
});

describe("decideReconcile: modes", () => {
  const work = {
    floors: { backend: raisedFloor("backend", 6) },
    episodes: [openEpisode("error-rate-high", "backend")],
  };

  it("does nothing, and says so, when the stage has converged", () => {
    const plan = decideReconcile(reconcileInput());

    expect(plan).toMatchObject({ outcome: "skip", code: "nothing-to-do", effects: [] });
    expect(plan.stepKey).toBeUndefined();
  });

  it("in a dry-run stage applies nothing and says what it would do", () => {
    const config = testConfig("prod");
    const plan = decideReconcile(
      reconcileInput({ ...work, config: { ...config, safety: { ...config.safety, dryRun: true } } }),
    );

    expect(plan).toMatchObject({ outcome: "hold", code: "shadow", effects: [] });
    expect(plan.reason).toContain(`would lower backend's floor 6 → ${BACKEND_MIN}`);
    expect(plan.reason).toContain(`resolve hero365-prod-error-rate-high-backend#${OPENED_AT}`);
  });

  it("holds while the kill switch is on", () => {
    const plan = decideReconcile(reconcileInput({ ...work, paused: true }));

    expect(plan).toMatchObject({ outcome: "hold", code: "paused", effects: [] });
  });
});
