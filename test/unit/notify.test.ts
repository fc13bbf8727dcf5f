import { describe, expect, it } from "vitest";
import { stageConfig } from "../../core/config/index.js";
import { decideNotify } from "../../core/decisions/notify.js";
import type { PlannedEffect, SnsPublish } from "../../core/effects.js";
import type { Plan } from "../../core/plan.js";
import { type AlarmStateChangeEvent, AlarmStateChangeEventSchema } from "../../events/index.js";
import { fixture } from "../support/fixtures.js";

const config = stageConfig("prod");
const sample = (name: string) => AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`));
const decide = (event: AlarmStateChangeEvent, stage = "prod") => decideNotify({ event, stage, config });
const published = (plan: Plan) => plan.effects.filter((e): e is PlannedEffect & SnsPublish => e.type === "sns.Publish");

describe("notify decides", () => {
  it("publishes an actionable alert on ALARM, with severity, service and row attributes", () => {
    const plan = decide(sample("cpu-critical.alarm"));
    expect(plan.outcome).toBe("act");
    expect(plan.effects).toHaveLength(1);
    const [alert] = published(plan);
    expect(alert).toMatchObject({
      type: "sns.Publish",
      topic: "alerts",
      attributes: { severity: "critical", service: "backend", row: "cpu-critical", state: "ALARM" },
    });
    expect(alert?.subject.length).toBeLessThan(100);
    expect(alert?.subject).toBe("[ALARM] hero365 prod backend: CPU above 80 % (monitoring)");
    expect(alert?.message).toContain("86.4 % against a threshold of 80 %");
    expect(alert?.message).toContain("#alarmsV2:alarm/hero365-prod-cpu-critical-backend");
  });

  it("publishes a resolve message on OK, with how long the alarm lasted", () => {
    const plan = decide(sample("memory-critical.ok"));
    expect(plan.effects[0]).toMatchObject({ subject: expect.stringMatching(/^\[RESOLVED\]/) });
    expect(published(plan)[0]?.attributes).toMatchObject({
      severity: "info",
      state: "OK",
      row: "memory-critical",
    });
    expect(published(plan)[0]?.message).toMatch(/back to normal .* after 25 min/);
  });

  it("says nothing on INSUFFICIENT_DATA", () => {
    expect(decide(sample("cpu-critical.insufficient-data"))).toMatchObject({
      outcome: "skip",
      code: "insufficient-data",
    });
  });

  it.each([
    ["an alarm of no row", "unknown.alarm", "prod"],
    ["a row with another action", "cpu-high.alarm", "prod"],
    ["another stage's alarm", "cpu-critical.alarm", "dev"],
  ])("skips %s with a reason", (_what, name, stage) => {
    const plan = decide(sample(name), stage);
    expect(plan).toMatchObject({ outcome: "skip", code: "unknown-alarm", effects: [] });
    expect(plan.reason).toMatch(/matches no notify row/);
  });

  it("keys the step on the alarm transition, so duplicates of one event share it", () => {
    const event = sample("cpu-critical.alarm");
    expect(decide(event).stepKey).toBe(decide(structuredClone(event)).stepKey);
    expect(decide(event).stepKey).not.toBe(decide(sample("cpu-critical.ok")).stepKey);
  });
});
