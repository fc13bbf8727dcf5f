import { describe, expect, it } from "vitest";
import type { EpisodeRecord } from "../../core/episodes/scaling.js";
import { effectsOfType } from "../../core/kernel/effects.js";
import { TIERS } from "../../core/matrix/tiers.js";
import { decideScaleOut, MAX_STEPS } from "../../core/scaling/decide.js";
import { ALARM_AT, NOW, scaleInput } from "../support/scaling.js";

const CASES = [
  ["growth", "backend"],
  ["growth", "frontend"],
  ["scale", "backend"],
  ["scale", "frontend"],
] as const;

const floorOf = (plan: ReturnType<typeof decideScaleOut>) =>
  effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget")[0]?.minCapacity;

function openEpisode(overrides: Partial<EpisodeRecord> = {}): EpisodeRecord {
  return {
    episodeKey: `hero365-prod-cpu-high-backend#${ALARM_AT}`,
    alarmName: "hero365-prod-cpu-high-backend",
    row: "cpu-high",
    service: "backend",
    status: "open",
    openedAt: ALARM_AT,
    floorBefore: 3,
    actions: [{ at: "2026-11-27T03:15:22.000Z", row: "cpu-high", episodeKey: "e", from: 3, to: 4, via: "floor" }],
    notifiedHolds: [],
    escalated: false,
    ...overrides,
  };
}

describe.each(CASES)("scale-out on the %s tier, %s service", (tier, service) => {
  const size = TIERS[tier].services[service];

  it("raises the AAS floor proportionally, records the step, notifies with the cost, and follows up", () => {
    const input = scaleInput(tier, service, { observed: 91 });
    const plan = decideScaleOut(input);
    const target = service === "backend" ? 70 : 60; // the tier's CPU target
    const expected = Math.min(
      Math.max(Math.ceil((size.minCapacity * 91) / target), size.minCapacity + 1),
      size.minCapacity * 2,
    );
    expect(plan.outcome).toBe("act");
    expect(floorOf(plan)).toBe(expected);
    expect(effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget")[0]).toMatchObject({
      resourceId: `service/hero365-cluster/hero365-${service}`,
      scalableDimension: "ecs:service:DesiredCount",
    });
    expect(effectsOfType(plan.effects, "ecs.UpdateService")).toHaveLength(0);
    // The episode (its record's scale-out part only), the action (cooldown and budget count it) and the
    // service's floor.
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem")).toEqual([
      expect.objectContaining({
        pk: `EPISODE#${input.alarmName}`,
        sk: "OPENED#2026-11-27T03:15:21.310Z",
        set: expect.objectContaining({ scaling: expect.objectContaining({ status: "open" }) }),
      }),
    ]);
    expect(Object.keys(effectsOfType(plan.effects, "dynamodb.UpdateItem")[0]?.set ?? {})).toEqual([
      "scaling",
      "expiresAt",
    ]);
    expect(effectsOfType(plan.effects, "dynamodb.PutItem").map((e) => e.item.pk)).toEqual([
      `SERVICE#prod#${service}`,
      `FLOOR#prod#${service}`,
    ]);
    const [notice] = effectsOfType(plan.effects, "sns.Publish");
    expect(notice?.message).toContain(`${service} floor ${size.minCapacity} → ${expected}`);
    expect(notice?.message).toMatch(/Cost: \+\$\d+\.\d{4}\/h/);
    const [followUp] = effectsOfType(plan.effects, "sqs.SendMessage");
    expect(followUp).toMatchObject({ delaySeconds: 300, body: { step: 2, alarmName: input.alarmName } });
    expect(plan.stepKey).toBe(`scale#${input.episodeKey}#1`);
  });

  it("sets the desired count with ecs.UpdateService when the service has no scalable target", () => {
    const input = scaleInput(tier, service);
    input.serviceState.scalableTarget = null;
    const plan = decideScaleOut(input);
    expect(effectsOfType(plan.effects, "ecs.UpdateService")[0]).toMatchObject({
      cluster: "hero365-cluster",
      service: `hero365-${service}`,
      desiredCount: Math.max(
        size.minCapacity + 1,
        Math.ceil((size.minCapacity * 84.2) / (service === "backend" ? 70 : 60)),
      ),
    });
    expect(floorOf(plan)).toBeUndefined();
  });

  it("never goes above the tier's max, even when AAS allows more", () => {
    const input = scaleInput(tier, service, { observed: 500 });
    input.serviceState.desiredCount = size.maxCapacity - 1;
    input.serviceState.scalableTarget = { ...input.serviceState.scalableTarget!, maxCapacity: size.maxCapacity * 3 };
    expect(floorOf(decideScaleOut(input))).toBe(size.maxCapacity);
  });

  it("never goes above the AAS max when it is below the tier's", () => {
    const input = scaleInput(tier, service, { observed: 500 });
    input.serviceState.scalableTarget = { ...input.serviceState.scalableTarget!, maxCapacity: size.minCapacity + 1 };
    expect(floorOf(decideScaleOut(input))).toBe(size.minCapacity + 1);
  });

  it("holds at the ceiling, pages on-call and recommends the next tier with its cost delta", () => {
    const input = scaleInput(tier, service);
    input.serviceState.desiredCount = size.maxCapacity;
    const plan = decideScaleOut(input);
    expect(plan).toMatchObject({ outcome: "hold", code: "at-ceiling" });
    expect(effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget")).toHaveLength(0);
    const [page] = effectsOfType(plan.effects, "sns.Publish");
    expect(page?.topic).toBe("onCall");
    const next = tier === "growth" ? TIERS.scale : TIERS.enterprise;
    expect(plan.reason).toContain(`Recommend the ${next.name} tier`);
    expect(plan.reason).toContain(
      `+$${next.monthlyCost.aws.min - TIERS[tier].monthlyCost.aws.min} to +$${next.monthlyCost.aws.max - TIERS[tier].monthlyCost.aws.max}/month`,
    );
    expect(effectsOfType(plan.effects, "sqs.SendMessage")).toHaveLength(0);
  });
});

describe("scale-out holds, each with its named reason", () => {
  it.each([
    ["paused", { paused: true }],
    [
      "deployment-in-progress",
      {
        serviceState: {
          ...scaleInput("growth", "backend").serviceState,
          deploymentInProgressSince: "2026-11-27T03:09:00Z",
        },
      },
    ],
    [
      "aas-suspended",
      {
        serviceState: {
          ...scaleInput("growth", "backend").serviceState,
          scalableTarget: {
            minCapacity: 3,
            maxCapacity: 15,
            suspended: {
              dynamicScalingInSuspended: false,
              dynamicScalingOutSuspended: true,
              scheduledScalingSuspended: false,
            },
          },
        },
      },
    ],
  ] as const)("%s: holds, tells humans once, and looks again after the cooldown", (code, overrides) => {
    const plan = decideScaleOut(scaleInput("growth", "backend", overrides));
    expect(plan).toMatchObject({ outcome: "hold", code });
    expect(floorOf(plan)).toBeUndefined();
    expect(effectsOfType(plan.effects, "sns.Publish")).toHaveLength(1);
    expect(effectsOfType(plan.effects, "sqs.SendMessage")[0]).toMatchObject({ queue: "followUps", delaySeconds: 300 });

    const told = decideScaleOut(
      scaleInput("growth", "backend", { ...overrides, episode: openEpisode({ notifiedHolds: [code] }) }),
    );
    expect(told).toMatchObject({ outcome: "hold", code });
    expect(effectsOfType(told.effects, "sns.Publish")).toHaveLength(0);
  });

  it("cooldown: holds silently until the service's last action is 300 s old, then follows up", () => {
    const last = {
      at: "2026-11-27T03:18:00.000Z",
      row: "memory-high",
      episodeKey: "x",
      from: 3,
      to: 4,
      via: "floor" as const,
    };
    const plan = decideScaleOut(scaleInput("growth", "backend", { recentActions: [last] }));
    expect(plan).toMatchObject({ outcome: "hold", code: "cooldown" });
    expect(effectsOfType(plan.effects, "sns.Publish")).toHaveLength(0);
    expect(effectsOfType(plan.effects, "sqs.SendMessage")[0]).toMatchObject({
      delaySeconds: 180,
      body: { dueAt: "2026-11-27T03:23:00.000Z" },
    });
  });

  it("budget-spent: holds when the service had its hourly budget of actions", () => {
    const actions = Array.from({ length: 6 }, (_, i) => ({
      at: new Date(NOW.getTime() - (50 - i * 8) * 60_000).toISOString(),
      row: "cpu-high",
      episodeKey: "x",
      from: 3 + i,
      to: 4 + i,
      via: "floor" as const,
    }));
    const plan = decideScaleOut(scaleInput("growth", "backend", { recentActions: actions }));
    expect(plan).toMatchObject({ outcome: "hold", code: "budget-spent" });
    expect(plan.reason).toContain("budget 6");
  });

  it("shadow: a shadow row notifies 'would scale 3 → 4' and applies nothing", () => {
    const input = scaleInput("growth", "backend");
    input.config = { ...input.config, safety: { ...input.config.safety, shadowRows: ["cpu-high"] } };
    const plan = decideScaleOut(input);
    expect(plan).toMatchObject({ outcome: "hold", code: "shadow", reason: "shadow mode: would scale backend 3 → 4" });
    expect(floorOf(plan)).toBeUndefined();
    expect(effectsOfType(plan.effects, "dynamodb.PutItem")).toHaveLength(0);
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem")).toHaveLength(0);
    expect(effectsOfType(plan.effects, "sns.Publish")[0]?.message).toContain("would scale backend floor 3 → 4");
  });

  it("shadow: a stage in dry-run is shadow for every row", () => {
    const input = scaleInput("growth", "frontend", { row: "memory-high" });
    input.config = { ...input.config, safety: { ...input.config.safety, dryRun: true } };
    expect(decideScaleOut(input)).toMatchObject({ outcome: "hold", code: "shadow" });
  });

  it("step-limit: stops following an episode after the last step and pages", () => {
    const plan = decideScaleOut(scaleInput("growth", "backend", { step: MAX_STEPS + 1 }));
    expect(plan).toMatchObject({ outcome: "hold", code: "step-limit" });
    expect(effectsOfType(plan.effects, "sns.Publish")[0]?.topic).toBe("onCall");
    expect(effectsOfType(plan.effects, "sqs.SendMessage")).toHaveLength(0);
  });

  it("takes the next step on a follow-up while the alarm still fires", () => {
    const input = scaleInput("growth", "backend", { step: 2, episode: openEpisode(), observed: 80 });
    input.serviceState.desiredCount = 4;
    input.serviceState.scalableTarget!.minCapacity = 4;
    const plan = decideScaleOut(input);
    expect(plan.outcome).toBe("act");
    expect(floorOf(plan)).toBe(5);
    expect(plan.stepKey).toBe(`scale#${input.episodeKey}#2`);
  });

  it("skips a follow-up of a closed episode, and INSUFFICIENT_DATA", () => {
    expect(
      decideScaleOut(scaleInput("growth", "backend", { step: 2, episode: openEpisode({ status: "closed" }) })),
    ).toMatchObject({
      outcome: "skip",
      code: "episode-closed",
    });
    const insufficient = scaleInput("growth", "backend");
    insufficient.state = { ...insufficient.state, value: "INSUFFICIENT_DATA" };
    expect(decideScaleOut(insufficient)).toMatchObject({ outcome: "skip", code: "insufficient-data" });
  });
});

describe("closing an episode on OK", () => {
  const raisedFloor = {
    service: "backend" as const,
    floorBefore: 3,
    raisedTo: 4,
    raisedAt: "2026-11-27T03:15:22.000Z",
    raisedBy: "hero365-prod-response-time-high-backend#2026-11-27T03:15:21.310+0000",
    restored: false,
  };
  const ok = (overrides: Parameters<typeof scaleInput>[2] = {}) => {
    const input = scaleInput("growth", "backend", { episode: openEpisode(), floor: raisedFloor, ...overrides });
    input.state = { value: "OK", timestamp: "2026-11-27T03:40:21.627+0000", reason: "Threshold Crossed" };
    input.serviceState.desiredCount = 4;
    input.serviceState.scalableTarget!.minCapacity = 4;
    return input;
  };

  it("lowers the floor back to the tier minimum and tells how long it lasted and what was done", () => {
    const plan = decideScaleOut(ok());
    expect(plan.outcome).toBe("act");
    expect(floorOf(plan)).toBe(3);
    const [resolved] = effectsOfType(plan.effects, "sns.Publish");
    expect(resolved?.subject).toMatch(/^\[RESOLVED\]/);
    expect(resolved?.message).toContain("resolved after 25 min");
    expect(resolved?.message).toContain("3 → 4 at 2026-11-27T03:15:22.000Z");
    expect(effectsOfType(plan.effects, "dynamodb.PutItem").map((e) => e.item)).toEqual([
      expect.objectContaining({ sk: "FLOOR", restored: true }),
    ]);
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem").map((e) => e.set.scaling)).toEqual([
      expect.objectContaining({ status: "closed" }),
    ]);
  });

  it("keeps the floor while another scale-out alarm of the service still fires", () => {
    const plan = decideScaleOut(ok({ otherAlarmsFiring: ["hero365-prod-memory-high-backend"] }));
    expect(plan).toMatchObject({ outcome: "hold", code: "other-alarm-active" });
    expect(floorOf(plan)).toBeUndefined();
  });

  it("never scales in by itself when the service has no scalable target", () => {
    const input = ok();
    input.serviceState.scalableTarget = null;
    const plan = decideScaleOut(input);
    expect(effectsOfType(plan.effects, "ecs.UpdateService")).toHaveLength(0);
    expect(plan.reason).toContain("never scales in by itself");
  });

  it("changes nothing but leaves a closing mark for an OK that ends no episode of ours when the floor is not raised", () => {
    const first = decideScaleOut(ok({ episode: undefined, floor: undefined }));
    expect(first).toMatchObject({
      outcome: "skip",
      code: "no-episode",
      stepKey: `close#hero365-prod-cpu-high-backend#${ALARM_AT}`,
    });
    expect(first.effects.map((e) => e.type)).toEqual(["dynamodb.PutItem"]);
    expect(effectsOfType(first.effects, "dynamodb.PutItem")[0]?.item).toMatchObject({
      pk: "CLOSED#hero365-prod-cpu-high-backend",
      sk: "EPISODE#2026-11-27T03:15:21.310Z",
      closedAt: "2026-11-27T03:40:21.627+0000",
    });
    expect(decideScaleOut(ok({ episode: undefined, floor: { ...raisedFloor, restored: true } }))).toMatchObject({
      outcome: "skip",
      code: "no-episode",
    });
  });

  it("lowers the floor when the last scale-out alarm clears, even one that never opened an episode", () => {
    // cpu-high fired during response-time-high's cooldown (no episode of its own) and clears last.
    const plan = decideScaleOut(ok({ row: "cpu-high", episode: undefined }));
    expect(plan.outcome).toBe("act");
    expect(floorOf(plan)).toBe(3);
    expect(plan.reason).toContain("the last of the service's scale-out alarms");
    // No episode of its own: the OK also leaves the closing mark its late ALARM would meet.
    expect(effectsOfType(plan.effects, "dynamodb.PutItem").map((e) => e.item)).toEqual([
      expect.objectContaining({ sk: "FLOOR", restored: true }),
      expect.objectContaining({ pk: "CLOSED#hero365-prod-cpu-high-backend" }),
    ]);
    expect(effectsOfType(plan.effects, "dynamodb.UpdateItem")).toHaveLength(0);
  });
});
