import { describe, expect, it } from "vitest";
import { effectsOfType } from "../../core/kernel/effects.js";
import { decideScaleOut } from "../../core/scaling/decide.js";
import { ALARM_AT, NOW, scaleInput } from "../support/scaling.js";

const raises = (plan: ReturnType<typeof decideScaleOut>) =>
  effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget");
const target = (min: number, max: number) => ({
  minCapacity: min,
  maxCapacity: max,
  suspended: { dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false },
});

describe("a scale-out never lowers the floor", () => {
  it("holds with floor-above-step when AAS min 12 is above the step (desired 5 → 7), and looks again after the cooldown", () => {
    const input = scaleInput("growth", "backend");
    input.serviceState = { ...input.serviceState, desiredCount: 5, runningCount: 5, scalableTarget: target(12, 15) };
    const plan = decideScaleOut(input);
    expect(plan).toMatchObject({ outcome: "hold", code: "floor-above-step" });
    expect(plan.reason).toContain("floor is already 12 (desired 5)");
    expect(raises(plan)).toEqual([]);
    expect(effectsOfType(plan.effects, "ecs.UpdateService")).toEqual([]);
    expect(effectsOfType(plan.effects, "sqs.SendMessage")[0]).toMatchObject({
      delaySeconds: 300,
      body: { step: 2, dueAt: new Date(NOW.getTime() + 300_000).toISOString() },
    });
  });

  it("raises a floor above the desired count to a step above both", () => {
    const input = scaleInput("growth", "backend", { observed: 91 });
    input.serviceState = { ...input.serviceState, desiredCount: 5, runningCount: 5, scalableTarget: target(6, 15) };
    const plan = decideScaleOut(input);
    expect(plan.outcome).toBe("act");
    // ceil(5 × 91 / 70) = 7: above the floor 6 and the desired count 5.
    expect(raises(plan)[0]?.minCapacity).toBe(7);
  });

  it("never plans above min(tier max, AAS max)", () => {
    const input = scaleInput("growth", "backend", { observed: 99 });
    input.serviceState = { ...input.serviceState, desiredCount: 9, runningCount: 9, scalableTarget: target(9, 11) };
    expect(raises(decideScaleOut(input))[0]?.minCapacity).toBe(11);
  });

  it("refuses to act on a scalable target whose min is above its max, with a named hold that pages", () => {
    const input = scaleInput("growth", "backend");
    input.serviceState = { ...input.serviceState, desiredCount: 5, scalableTarget: target(20, 5) };
    const plan = decideScaleOut(input);
    expect(plan).toMatchObject({ outcome: "hold", code: "invalid-scalable-target" });
    expect(plan.reason).toContain("MinCapacity 20 above MaxCapacity 5");
    expect(raises(plan)).toEqual([]);
    expect(effectsOfType(plan.effects, "pagerduty.trigger")).toHaveLength(1);
  });
});

describe("a late OK and a newer episode of the same alarm", () => {
  it("closes its own episode but keeps the floor the newer episode raised", () => {
    const input = scaleInput("growth", "backend", {
      episode: {
        episodeKey: `hero365-prod-cpu-high-backend#${ALARM_AT}`,
        alarmName: "hero365-prod-cpu-high-backend",
        row: "cpu-high",
        service: "backend",
        status: "open",
        openedAt: ALARM_AT,
        actions: [],
        notifiedHolds: [],
        escalated: false,
      },
      floor: {
        service: "backend",
        floorBefore: 3,
        raisedTo: 5,
        raisedAt: "2026-11-27T03:45:00.000Z",
        raisedBy: "hero365-prod-cpu-high-backend#2026-11-27T03:44:58.000+0000",
        restored: false,
      },
      newerEpisodeSince: "2026-11-27T03:44:58.000Z",
    });
    input.state = { value: "OK", timestamp: "2026-11-27T03:40:21.627+0000", reason: "Threshold Crossed" };
    input.serviceState = { ...input.serviceState, desiredCount: 5, scalableTarget: target(5, 15) };
    const plan = decideScaleOut(input);
    expect(plan).toMatchObject({ outcome: "hold", code: "newer-episode-active" });
    expect(raises(plan)).toEqual([]);
    expect(effectsOfType(plan.effects, "dynamodb.PutItem")).toHaveLength(0);
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem")).toEqual([
      expect.objectContaining({
        sk: "OPENED#2026-11-27T03:15:21.310Z",
        set: expect.objectContaining({ scaling: expect.objectContaining({ status: "closed" }) }),
      }),
    ]);
  });
});

describe("diagnostics never block scaling", () => {
  it("scales out and says the diagnostics were unavailable", () => {
    const input = scaleInput("growth", "backend", {
      row: "response-time-high",
      observed: 2.6,
      diagnostics: { unavailable: "ThrottlingException: Rate exceeded" },
    });
    const plan = decideScaleOut(input);
    expect(plan.outcome).toBe("act");
    expect(raises(plan)).toHaveLength(1);
    expect(effectsOfType(plan.effects, "sns.Publish")[0]?.message).toContain(
      "unavailable: ThrottlingException: Rate exceeded",
    );
  });
});
