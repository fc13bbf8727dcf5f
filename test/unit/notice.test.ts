import { describe, expect, it } from "vitest";
import { channelsOf } from "../../core/episodes/notifications.js";
import type { PlannedEffect } from "../../core/kernel/effects.js";
import { planNotice } from "../../core/notifications/plan-notice.js";
import { config, episode, scaleOutNotice } from "../support/notices.js";

const MESSAGE = { channel: "C0HERO365", ts: "1795762443.000100" };
const types = (effects: PlannedEffect[]) => effects.map((e) => e.type);
const ofType = <T extends PlannedEffect["type"]>(effects: PlannedEffect[], type: T) =>
  effects.filter((e): e is Extract<PlannedEffect, { type: T }> => e.type === type);

describe("planning a notice", () => {
  it("posts the first message of an episode to the stage's channel and remembers it on the episode", () => {
    const effects = planNotice(scaleOutNotice(), episode());
    expect(types(effects)).toEqual(["slack.chat.postMessage", "sns.Publish"]);
    const [post] = ofType(effects, "slack.chat.postMessage");
    expect(post).toMatchObject({
      channel: "#hero365-alerts",
      episode: {
        alarmName: "hero365-prod-cpu-high-backend",
        openedAt: "2026-11-27T09:14:03.118+0000",
        action: "backend floor 4 → 6",
        flaps: 0,
      },
    });
    expect(post?.threadTs).toBeUndefined();
  });

  it("edits the episode's message on a later step and replies in its thread, on the same ts", () => {
    const effects = planNotice(scaleOutNotice(), episode({ phase: "open", slack: MESSAGE }));
    expect(types(effects)).toEqual(["slack.chat.postMessage", "slack.chat.update", "sns.Publish"]);
    expect(ofType(effects, "slack.chat.postMessage")[0]).toMatchObject({ channel: "C0HERO365", threadTs: MESSAGE.ts });
    expect(ofType(effects, "slack.chat.postMessage")[0]?.episode).toBeUndefined();
    expect(ofType(effects, "slack.chat.update")[0]).toMatchObject({ channel: "C0HERO365", ts: MESSAGE.ts });
  });

  it("sends no Slack message twice for one transition (a retry after a partial failure)", () => {
    const effects = planNotice(scaleOutNotice({ page: true }), episode({ phase: "repeat", slack: MESSAGE }));
    expect(types(effects)).toEqual(["pagerduty.trigger", "sns.Publish"]);
  });

  it("posts every notice anew through an incoming webhook, which cannot edit", () => {
    const channels = { ...channelsOf(config), slack: { mode: "webhook" as const, channel: "#hero365-alerts" } };
    const effects = planNotice(scaleOutNotice(), episode({ phase: "open", slack: MESSAGE, channels }));
    expect(types(effects)).toEqual(["slack.webhook.post", "sns.Publish"]);
  });

  it("pages in order PagerDuty, Slack, SNS on-call, with the episode key as dedup_key", () => {
    const effects = planNotice(scaleOutNotice({ kind: "escalation", page: true, severity: "critical" }), episode());
    expect(types(effects)).toEqual(["pagerduty.trigger", "slack.chat.postMessage", "sns.Publish"]);
    expect(ofType(effects, "pagerduty.trigger")[0]).toMatchObject({
      dedupKey: "hero365-prod-cpu-high-backend#2026-11-27T09:14:03.118+0000",
      severity: "critical",
      source: "hero365-prod-cpu-high-backend",
      component: "backend",
      class: "cpu-high",
    });
    expect(ofType(effects, "sns.Publish")[0]?.topic).toBe("onCall");
    expect(ofType(effects, "slack.chat.postMessage")[0]?.episode?.paged).toBe(true);
  });

  it("does not page through PagerDuty on a stage without it", () => {
    const channels = { ...channelsOf(config), pagerduty: false };
    const effects = planNotice(scaleOutNotice({ page: true }), episode({ channels }));
    expect(types(effects)).toEqual(["slack.chat.postMessage", "sns.Publish"]);
    expect(ofType(effects, "sns.Publish")[0]?.topic).toBe("onCall");
  });

  it("resolves the page of an episode that paged, even when the resolve notice itself does not page", () => {
    const resolved = scaleOutNotice({ kind: "resolved", state: "OK", action: undefined });
    const effects = planNotice(resolved, episode({ phase: "open", slack: MESSAGE, paged: true }));
    expect(types(effects)).toEqual(["pagerduty.resolve", "slack.chat.postMessage", "slack.chat.update", "sns.Publish"]);
    expect(ofType(effects, "pagerduty.resolve")[0]?.dedupKey).toBe(
      "hero365-prod-cpu-high-backend#2026-11-27T09:14:03.118+0000",
    );
    expect(ofType(effects, "slack.chat.update")[0]?.episode.resolvedAt).toBe("2026-11-27T09:14:05.000Z");
    expect(ofType(effects, "sns.Publish")[0]).toMatchObject({ topic: "onCall", attributes: { state: "OK" } });
  });

  it("continues the thread of a flapping alarm instead of opening a new message", () => {
    const effects = planNotice(
      scaleOutNotice({ kind: "alarm", action: undefined }),
      episode({ phase: "flapping", slack: MESSAGE, flaps: 1, previousResolvedAt: "2026-11-27T09:10:00Z" }),
    );
    expect(types(effects)).toEqual(["slack.chat.postMessage", "slack.chat.update", "sns.Publish"]);
    expect(ofType(effects, "slack.chat.postMessage")[0]?.threadTs).toBe(MESSAGE.ts);
    expect(ofType(effects, "slack.chat.update")[0]).toMatchObject({ ts: MESSAGE.ts, episode: { flaps: 1 } });
  });

  it.each(["resolved", "stale"] as const)("says nothing to a %s episode", (phase) => {
    expect(planNotice(scaleOutNotice(), episode({ phase, slack: MESSAGE }))).toEqual([]);
  });

  it("keeps SNS subjects under 100 characters, with filterable attributes", () => {
    const [, sns] = planNotice(scaleOutNotice({ title: "t".repeat(200) }), episode());
    expect(sns).toMatchObject({
      type: "sns.Publish",
      topic: "alerts",
      attributes: { severity: "warning", service: "backend", row: "cpu-high", state: "ALARM" },
    });
    expect((sns as Extract<PlannedEffect, { type: "sns.Publish" }>).subject.length).toBeLessThan(100);
  });

  it("refuses a notice planned with another episode's state", () => {
    expect(() => planNotice(scaleOutNotice({ episodeKey: "other#1" }), episode())).toThrow(/other#1/);
  });
});
