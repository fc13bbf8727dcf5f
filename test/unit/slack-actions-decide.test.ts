import { describe, expect, it } from "vitest";
import { effectsOfType } from "../../core/kernel/effects.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { decideAcknowledge } from "../../core/slack-actions/acknowledge.js";
import { decideApprove } from "../../core/slack-actions/approve.js";
import { isAllowed } from "../../core/slack-actions/authorise.js";
import type { Click } from "../../core/slack-actions/buttons.js";
import { decideClick } from "../../core/slack-actions/decide.js";
import { testConfig } from "../support/config.js";

const NOW = new Date("2026-12-01T03:00:00.000Z");
const base = testConfig("prod");
const config = { ...base, safety: { ...base.safety, dryRun: false } };
const click = (over: Partial<Click> = {}): Click => ({
  kind: "pause",
  user: "U1",
  value: { stage: "prod" },
  responseUrl: "https://hooks.slack.com/actions/T/1/x",
  actionTs: "1795749598.000001",
  ...over,
});
const pause = (c: Click, state: boolean | { by?: string; until?: string } = false, version = 3) =>
  decideClick({
    stage: "prod",
    config,
    now: NOW,
    click: c,
    allowed: true,
    killSwitch: { state, version },
    parameterName: "/hero365/prod/paused",
  });

describe("Pause and Resume", () => {
  it("pauses until resumed when the button gives no hours, claimed on the kill switch's version", () => {
    const plan = pause(click());
    expect(effectsOfType(plan.effects, "ssm.PutParameter")[0]?.value).toBe('{"by":"U1"}');
    expect(plan.stepKey).toBe("slack-actions#prod#kill-switch#v3");
  });

  it("changes nothing when already paused by hand (true), and says so privately", () => {
    const plan = pause(click({ value: { stage: "prod", hours: 4 } }), true);
    expect(plan).toMatchObject({ outcome: "hold", code: "already-paused" });
    expect(effectsOfType(plan.effects, "ssm.PutParameter")).toEqual([]);
    expect(effectsOfType(plan.effects, "slack.respond")[0]?.text).toBe(
      "Automation of prod is already paused until resumed.",
    );
  });

  it("treats an expired pause as running: Resume has nothing to do, Pause pauses again", () => {
    const expired = { by: "U9", until: "2026-12-01T02:59:59.000Z" };
    expect(pause(click({ kind: "resume" }), expired)).toMatchObject({ outcome: "hold", code: "not-paused" });
    expect(pause(click(), expired)).toMatchObject({ outcome: "act" });
  });

  it("says what it would do in shadow mode and writes nothing", () => {
    const plan = decideClick({
      stage: "prod",
      config: { ...config, safety: { ...config.safety, dryRun: true } },
      now: NOW,
      click: click(),
      allowed: true,
      killSwitch: { state: false, version: 0 },
      parameterName: "/hero365/prod/paused",
    });
    expect(plan).toMatchObject({ outcome: "hold", code: "shadow" });
    expect(plan.effects.map((e) => e.type)).toEqual(["slack.respond"]);
  });
});

describe("Acknowledge and Approve", () => {
  const episode = { alarmName: "hero365-prod-error-rate-high-backend", paged: true };
  const ack = (over: Partial<Parameters<typeof decideAcknowledge>[0]> = {}) =>
    decideAcknowledge({
      stage: "prod",
      config,
      click: click({ kind: "acknowledge" }),
      allowed: true,
      episodeKey: "hero365-prod-error-rate-high-backend#2026-12-01T02:50:00.000+0000",
      episode,
      alarmState: "ALARM",
      ...over,
    });

  it("acknowledges with the episode key as dedup key, once per episode", () => {
    const plan = ack();
    expect(effectsOfType(plan.effects, "pagerduty.acknowledge")[0]?.dedupKey).toBe(
      "hero365-prod-error-rate-high-backend#2026-12-01T02:50:00.000+0000",
    );
    expect(plan.stepKey).toBe(
      "slack-actions#prod#acknowledge#hero365-prod-error-rate-high-backend#2026-12-01T02:50:00.000+0000",
    );
  });

  it("has nothing to acknowledge when PagerDuty is off or the episode never paged", () => {
    expect(ack({ config: { ...config, notifications: { ...config.notifications, pagerduty: false } } })).toMatchObject({
      code: "not-paged",
    });
    expect(ack({ episode: { ...episode, paged: false } })).toMatchObject({ code: "not-paged" });
  });

  it("sends an approval to a webhook sink's tracker, not to GitHub", () => {
    const plan = decideApprove({
      stage: "prod",
      config: { ...config, tickets: { sink: "webhook", labels: [] } },
      now: NOW,
      click: click({ kind: "approve" }),
      allowed: true,
      reason: "db-connections-high",
      ledger: { generation: 1, ref: "17", openedAt: "x", openedBy: "y" },
      ticketState: "unknown",
    });
    expect(plan).toMatchObject({ outcome: "hold", code: "webhook-tickets" });
  });
});

describe("authorisation", () => {
  it("fails as misconfigured when a user group is listed and nothing can read its members", async () => {
    const withGroup = {
      ...config,
      slackActions: { ...config.slackActions, allow: { ...config.slackActions.allow, pause: ["S0GROUP1"] } },
    };
    await expect(isAllowed(withGroup, "pause", "U1")).rejects.toBeInstanceOf(ConfigurationError);
    expect(await isAllowed(withGroup, "pause", "U1", { members: async () => ["U1"] })).toBe(true);
    expect(await isAllowed(withGroup, "resume", "U1", { members: async () => ["U1"] })).toBe(false);
  });
});
