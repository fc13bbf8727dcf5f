import { describe, expect, it } from "vitest";
import { triggerFromEvent } from "../../core/alarms/event.js";
import { effectsOfType, type PlannedEffect } from "../../core/kernel/effects.js";
import { decideNotify } from "../../core/notifications/notify.js";
import { type AlarmStateChangeEvent, AlarmStateChangeEventSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { episodeOf } from "../support/episodes.js";
import { fixture } from "../support/fixtures.js";

const NOW = new Date("2026-11-26T22:00:00.000Z");
const sample = (name: string) => AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`));
// A stage's alarm names come from its configuration (`alarmStage`): another stage decides with its own.
const decide = async (event: AlarmStateChangeEvent, stage = "prod") => {
  const staged = testConfig(stage);
  return decideNotify({
    trigger: triggerFromEvent(event),
    stage,
    config: staged,
    episode: await episodeOf(event, staged),
    now: NOW,
  });
};
const published = (effects: PlannedEffect[]) => {
  const sns = effectsOfType(effects, "sns.Publish");
  expect(sns).toHaveLength(1);
  return sns[0] as (typeof sns)[number];
};

describe("notify decides", () => {
  it("posts the episode's Slack message and publishes an actionable alert on ALARM", async () => {
    const plan = await decide(sample("cpu-critical.alarm"));
    expect(plan.outcome).toBe("act");
    expect(plan.effects.map((e) => e.type)).toEqual(["slack.chat.postMessage", "sns.Publish"]);
    expect(plan.effects[0]).toMatchObject({
      channel: "#hero365-alerts",
      episode: { alarmName: "hero365-prod-cpu-critical-backend", openedAt: "2026-11-27T11:23:58.771+0000" },
    });
    const alert = published(plan.effects);
    expect(alert).toMatchObject({
      topic: "alerts",
      attributes: { severity: "critical", service: "backend", row: "cpu-critical", state: "ALARM" },
    });
    expect(alert.subject.length).toBeLessThan(100);
    expect(alert.subject).toBe("[ALARM] hero365 prod backend: CPU above 80 % (monitoring)");
    expect(alert.message).toContain("86.4 % against a threshold of 80 %");
    expect(alert.message).toContain("#alarmsV2:alarm/hero365-prod-cpu-critical-backend");
  });

  it("publishes a resolve message on OK, with how long the alarm lasted", async () => {
    const plan = await decide(sample("memory-critical.ok"));
    const resolve = published(plan.effects);
    expect(resolve.subject).toMatch(/^\[RESOLVED\]/);
    expect(resolve.attributes).toMatchObject({ severity: "info", state: "OK", row: "memory-critical" });
    expect(resolve.message).toMatch(/back to normal .* after 25 min/);
  });

  it("leaves a closing mark for an OK that ends no episode it notified, so the late ALARM of it is known to be over", async () => {
    const plan = await decide(sample("memory-critical.ok"));
    const marks = effectsOfType(plan.effects, "dynamodb.PutItem");
    expect(marks).toHaveLength(1);
    expect(marks[0]?.item).toMatchObject({
      pk: "CLOSED#hero365-prod-memory-critical-backend",
      sk: "EPISODE#2026-11-26T21:34:18.225Z",
      closedAt: "2026-11-26T21:59:18.690+0000",
    });
  });

  it("says nothing on INSUFFICIENT_DATA", async () => {
    expect(await decide(sample("cpu-critical.insufficient-data"))).toMatchObject({
      outcome: "skip",
      code: "insufficient-data",
    });
  });

  it.each([
    ["an alarm of no row", "unknown.alarm", "prod"],
    ["a row with another action", "cpu-high.alarm", "prod"],
    ["another stage's alarm", "cpu-critical.alarm", "dev"],
  ])("skips %s with a reason", async (_what, name, stage) => {
    const plan = await decide(sample(name), stage);
    expect(plan).toMatchObject({ outcome: "skip", code: "unknown-alarm", effects: [] });
    expect(plan.reason).toMatch(/matches no notify row/);
  });

  it("keys the step on the alarm transition, so duplicates of one event share it", async () => {
    const event = sample("cpu-critical.alarm");
    expect((await decide(event)).stepKey).toBe((await decide(structuredClone(event))).stepKey);
    expect((await decide(event)).stepKey).not.toBe((await decide(sample("cpu-critical.ok"))).stepKey);
  });
});
