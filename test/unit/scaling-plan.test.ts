import { describe, expect, it, vi } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { triggerFromEvent } from "../../core/alarms/event.js";
import type { ServiceDiagnostics } from "../../core/diagnostics/port.js";
import { floorItem } from "../../core/episodes/scaling.js";
import { effectsOfType } from "../../core/kernel/effects.js";
import { planScaleOut, type ScaleOutPorts } from "../../core/scaling/plan-scale-out.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { serviceAtMinimum } from "../support/scaling.js";

const diagnostics: ServiceDiagnostics = {
  service: "backend",
  desiredCount: 3,
  runningCount: 3,
  pendingCount: 0,
  deployments: [{ id: "d2", status: "PRIMARY", rolloutState: "COMPLETED", createdAt: "2026-11-27T03:00:00.000Z" }],
  recentDeployment: true,
  events: [{ at: "2026-11-27T03:12:00.000Z", message: "(service hero365-backend) has reached a steady state." }],
  metrics: [
    { label: "TargetResponseTime p95", unit: "Seconds", points: [{ at: "2026-11-27T03:14:00.000Z", value: 2.7 }] },
  ],
};

function ports(overrides: Partial<ScaleOutPorts> = {}): ScaleOutPorts {
  return {
    store: memoryItemStore(),
    services: { read: async () => serviceAtMinimum() },
    alarms: { read: async () => undefined },
    killSwitch: { paused: async () => false },
    diagnostics: { collect: vi.fn(async () => diagnostics) },
    ...overrides,
  };
}

const trigger = (name: string) => triggerFromEvent(AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`)));
const ctx = (p: ScaleOutPorts) => ({
  stage: "prod",
  config: testConfig("prod"),
  now: new Date("2026-11-27T03:20:00Z"),
  ports: p,
});

describe("planning a scale-out from its ports", () => {
  it("investigates a response-time alarm: diagnostics of the last 15 minutes in the notification", async () => {
    const p = ports();
    const plan = await planScaleOut(trigger("response-time-high.alarm"), ctx(p));
    expect(p.diagnostics?.collect).toHaveBeenCalledWith("backend", {
      metrics: ["cpu", "memory", "requests", "latencyP95"],
      minutes: 15,
    });
    const message = effectsOfType(plan.effects, "sns.Publish")[0]?.message ?? "";
    expect(message).toContain("Recent deployment: yes, within 30 min");
    expect(message).toContain("has reached a steady state");
    expect(message).toContain("TargetResponseTime p95: latest 2.7");
  });

  it("does not collect diagnostics for the CPU row", async () => {
    const p = ports();
    await planScaleOut(trigger("cpu-high.alarm"), ctx(p));
    expect(p.diagnostics?.collect).not.toHaveBeenCalled();
  });

  it("reads the kill switch on every ALARM, and holds when it is on", async () => {
    const paused = vi.fn(async () => true);
    const plan = await planScaleOut(trigger("cpu-high.alarm"), ctx(ports({ killSwitch: { paused } })));
    expect(paused).toHaveBeenCalledTimes(1);
    expect(plan).toMatchObject({ outcome: "hold", code: "paused" });
  });

  it("skips alarms of other rows and stages with a reason", async () => {
    expect(await planScaleOut(trigger("cpu-critical.alarm"), ctx(ports()))).toMatchObject({
      outcome: "skip",
      code: "unknown-alarm",
    });
    expect(await planScaleOut(trigger("db-connections-high.alarm"), ctx(ports()))).toMatchObject({ outcome: "skip" });
  });

  it("still scales out a response-time ALARM when GetMetricData is throttled, and says diagnostics were unavailable", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 400 },
    });
    const p = ports({ diagnostics: { collect: vi.fn(async () => Promise.reject(throttled)) } });
    const plan = await planScaleOut(trigger("response-time-high.alarm"), ctx(p));
    expect(plan.outcome).toBe("act");
    expect(effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget")).toHaveLength(1);
    expect(effectsOfType(plan.effects, "sns.Publish")[0]?.message).toContain(
      "unavailable: ThrottlingException: Rate exceeded",
    );
  });

  it("rethrows a diagnostics failure that is no AWS error: a bug must reach the retry and the DLQ", async () => {
    const p = ports({ diagnostics: { collect: vi.fn(async () => Promise.reject(new TypeError("x is undefined"))) } });
    await expect(planScaleOut(trigger("response-time-high.alarm"), ctx(p))).rejects.toThrow(TypeError);
  });

  it("keeps the floor on a late OK when its alarm is in ALARM again since a later transition", async () => {
    const store = memoryItemStore();
    const p = ports({
      store,
      services: {
        read: async () => ({
          ...serviceAtMinimum(),
          desiredCount: 5,
          scalableTarget: { ...serviceAtMinimum().scalableTarget!, minCapacity: 5 },
        }),
      },
      alarms: {
        read: async (name) =>
          name === "hero365-prod-cpu-high-backend"
            ? { value: "ALARM", reason: "r", timestamp: "2026-11-27T03:44:58.000Z" }
            : { value: "OK", reason: "r", timestamp: "2026-11-27T03:00:00.000Z" },
      },
    });
    await store.put(
      floorItem(
        "prod",
        {
          service: "backend",
          floorBefore: 3,
          raisedTo: 5,
          raisedAt: "2026-11-27T03:45:00.000Z",
          raisedBy: "hero365-prod-cpu-high-backend#2026-11-27T03:44:58.000+0000",
          restored: false,
        },
        new Date("2026-11-27T03:45:00.000Z"),
      ),
    );
    const plan = await planScaleOut(trigger("cpu-high.ok"), { ...ctx(p), now: new Date("2026-11-27T03:50:00Z") });
    expect(plan).toMatchObject({ outcome: "hold", code: "newer-episode-active" });
    expect(effectsOfType(plan.effects, "applicationautoscaling.RegisterScalableTarget")).toEqual([]);
  });
});
