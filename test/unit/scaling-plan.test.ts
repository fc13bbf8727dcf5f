import { describe, expect, it, vi } from "vitest";
import { memoryItemStore } from "../../core/adapters/memory-items.js";
import { triggerFromEvent } from "../../core/alarm-event.js";
import type { ServiceDiagnostics } from "../../core/diagnostics/port.js";
import { effectsOfType } from "../../core/effects.js";
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
});
