import { describe, expect, it } from "vitest";
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { type AlarmTrigger, triggerFromEvent } from "../../core/alarms/event.js";
import type { DiagnosticsReader, ServiceDiagnostics } from "../../core/diagnostics/port.js";
import type { PlannedEffect } from "../../core/kernel/effects.js";
import type { Item } from "../../core/kernel/ports.js";
import { rememberNotice } from "../../core/notifications/remember.js";
import { decidePageOncall } from "../../core/paging/decide.js";
import { pageOncallInput } from "../../core/paging/input.js";
import { type AlarmStateChangeEvent, AlarmStateChangeEventSchema } from "../../events/index.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";

const sample = (name: string) => AlarmStateChangeEventSchema.parse(fixture(`cloudwatch/${name}`));
const DIAGNOSTICS: ServiceDiagnostics = {
  service: "backend",
  desiredCount: 4,
  runningCount: 3,
  pendingCount: 1,
  deployments: [{ id: "ecs-svc/1", status: "PRIMARY", rolloutState: "IN_PROGRESS", createdAt: "2026-11-27T14:12:00Z" }],
  recentDeployment: true,
  events: [{ at: "2026-11-27T14:15:00Z", message: "(service hero365-backend) has started 1 tasks." }],
  metrics: [
    { label: "HTTPCode_Target_5XX_Count", unit: "Count", points: [{ at: "2026-11-27T14:20:00Z", value: 97 }] },
    { label: "RequestCount", unit: "Count", points: [{ at: "2026-11-27T14:20:00Z", value: 2841 }] },
  ],
  errorLogLines: [{ count: 97, message: "ERROR upstream connect error" }],
};
const reader = (): DiagnosticsReader & { calls: unknown[] } => {
  const calls: unknown[] = [];
  return {
    calls,
    async collect(service, options) {
      calls.push({ service, options });
      return DIAGNOSTICS;
    },
  };
};

const NOW = new Date("2026-11-27T14:21:11Z");

async function decide(
  event: AlarmStateChangeEvent | AlarmTrigger,
  opts: { stage?: string; items?: Item[]; diagnostics?: DiagnosticsReader; now?: Date } = {},
) {
  const stage = opts.stage ?? "prod";
  const trigger = "detail" in event ? triggerFromEvent(event) : event;
  const ports = {
    stage,
    config: testConfig(stage),
    store: memoryItemStore(opts.items),
    diagnostics: opts.diagnostics,
    now: () => opts.now ?? NOW,
  };
  return decidePageOncall(await pageOncallInput(trigger, ports));
}
const ofType = <T extends PlannedEffect["type"]>(effects: PlannedEffect[], type: T) =>
  effects.filter((e): e is Extract<PlannedEffect, { type: T }> => e.type === type);

describe("page-oncall decides", () => {
  it("pages on ALARM through PagerDuty, Slack and the on-call topic, with diagnostics", async () => {
    const diagnostics = reader();
    const plan = await decide(sample("error-rate-high.alarm"), { diagnostics });
    expect(plan).toMatchObject({ outcome: "act", stepKey: expect.stringMatching(/^page-oncall#.*#ALARM#/) });
    expect(plan.effects.map((e) => e.type)).toEqual([
      "pagerduty.trigger",
      "slack.chat.postMessage",
      "sns.Publish",
      "sqs.SendMessage",
    ]);
    expect(diagnostics.calls).toEqual([
      {
        service: "backend",
        options: {
          metrics: ["target5xx", "elb5xx", "requests"],
          minutes: 15,
          errorLogs: true,
          // The error log query's results are asked for once the decision is made (settled by then).
          errorLogResultsAfter: expect.any(Promise),
        },
      },
    ]);

    const [trigger] = ofType(plan.effects, "pagerduty.trigger");
    expect(trigger).toMatchObject({
      dedupKey: "hero365-prod-error-rate-high-backend#2026-11-27T14:21:09.845+0000",
      severity: "critical",
      class: "error-rate-high",
    });
    expect(trigger?.customDetails.diagnostics).toEqual(
      expect.arrayContaining([
        "Recent deployment (30 min): yes — PRIMARY (IN_PROGRESS) since 14:12 UTC",
        "  14:15 UTC (service hero365-backend) has started 1 tasks.",
        "  HTTPCode_Target_5XX_Count: 97",
        "  RequestCount: 2841",
        "  97 × ERROR upstream connect error",
      ]),
    );
    const [sns] = ofType(plan.effects, "sns.Publish");
    expect(sns).toMatchObject({
      topic: "onCall",
      attributes: { severity: "critical", service: "backend", row: "error-rate-high", state: "ALARM" },
    });
    expect(sns?.subject).toBe("[ALARM] hero365 prod backend: 5xx error rate above 1 %");
    expect(sns?.message).toContain("3.42 % against a threshold of 1 %");
    expect(JSON.stringify(ofType(plan.effects, "slack.chat.postMessage")[0]?.blocks)).toContain("Top error log lines");
  });

  it("resolves everywhere on OK, with the same dedup key, collects no diagnostics, and marks the episode closed", async () => {
    const diagnostics = reader();
    const plan = await decide(sample("error-rate-high.ok"), { diagnostics });
    expect(plan.effects.map((e) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "sns.Publish",
      "dynamodb.PutItem",
    ]);
    expect(ofType(plan.effects, "dynamodb.PutItem")[0]?.item).toMatchObject({
      pk: "CLOSED#hero365-prod-error-rate-high-backend",
      sk: "EPISODE#2026-11-27T14:21:09.845Z",
      closedAt: sample("error-rate-high.ok").detail.state.timestamp,
    });
    expect(ofType(plan.effects, "pagerduty.resolve")[0]?.dedupKey).toBe(
      "hero365-prod-error-rate-high-backend#2026-11-27T14:21:09.845+0000",
    );
    expect(ofType(plan.effects, "sns.Publish")[0]).toMatchObject({
      topic: "onCall",
      subject: expect.stringMatching(/^\[RESOLVED\]/),
    });
    expect(ofType(plan.effects, "sns.Publish")[0]?.message).toContain("back to normal (0.17 %) after 25 min");
    expect(diagnostics.calls).toEqual([]);
  });

  it("edits the ALARM's message on OK when it was posted", async () => {
    const store = memoryItemStore();
    await rememberNotice(
      store,
      {
        alarmName: "hero365-prod-error-rate-high-backend",
        openedAt: "2026-11-27T14:21:09.845+0000",
        at: "2026-11-27T14:21:09.845+0000",
        paged: true,
        flaps: 0,
      },
      new Date("2026-11-27T14:21:10Z"),
      { channel: "C0HERO365", ts: "1795789270.000200" },
    );
    const plan = await decide(sample("error-rate-high.ok"), { items: store.items() });
    expect(plan.effects.map((e) => e.type)).toEqual([
      "pagerduty.resolve",
      "slack.chat.postMessage",
      "slack.chat.update",
      "sns.Publish",
    ]);
    expect(ofType(plan.effects, "slack.chat.update")[0]).toMatchObject({
      channel: "C0HERO365",
      ts: "1795789270.000200",
    });
  });

  it("never pages on INSUFFICIENT_DATA", async () => {
    const diagnostics = reader();
    const plan = await decide(sample("error-rate-high.insufficient-data"), { diagnostics });
    expect(plan).toMatchObject({ outcome: "skip", code: "insufficient-data", effects: [] });
    expect(diagnostics.calls).toEqual([]);
  });

  it("pages without PagerDuty on a stage that has it off, and says why diagnostics are missing", async () => {
    const event = sample("error-rate-high.alarm");
    event.detail.alarmName = "hero365-dev-error-rate-high-backend";
    const plan = await decide(event, { stage: "dev" });
    expect(plan.effects.map((e) => e.type)).toEqual(["slack.chat.postMessage", "sns.Publish", "sqs.SendMessage"]);
    expect(ofType(plan.effects, "sns.Publish")[0]?.message).toContain(
      "Diagnostics unavailable: no diagnostics reader is configured",
    );
  });

  it.each([
    ["an alarm of another row", "cpu-high.alarm"],
    ["an alarm of no row", "unknown.alarm"],
  ])("skips %s", async (_what, name) => {
    expect(await decide(sample(name))).toMatchObject({ outcome: "skip", code: "unknown-alarm", effects: [] });
  });

  it("stays silent on an ALARM that arrives after its episode resolved", async () => {
    const store = memoryItemStore();
    await rememberNotice(
      store,
      {
        alarmName: "hero365-prod-error-rate-high-backend",
        openedAt: "2026-11-27T14:21:09.845+0000",
        at: "2026-11-27T14:46:10.233+0000",
        resolvedAt: "2026-11-27T14:46:10.233+0000",
        flaps: 0,
      },
      new Date("2026-11-27T14:46:11Z"),
    );
    const plan = await decide(sample("error-rate-high.alarm"), { items: store.items() });
    expect(plan).toMatchObject({ outcome: "skip", code: "episode-resolved", effects: [] });
  });
});

const OPENED = "2026-11-27T14:21:09.845+0000";
const EPISODE = `hero365-prod-error-rate-high-backend#${OPENED}`;
const followUp = (step: number, dueAt: string, state: "ALARM" | "OK" = "ALARM"): AlarmTrigger => ({
  id: `sqs-message-${step}`,
  alarmName: "hero365-prod-error-rate-high-backend",
  state: { value: state, reason: "re-read from CloudWatch", timestamp: "2026-11-27T14:21:09.845Z" },
  followUp: {
    kind: "hero365.follow-up",
    functionName: "page-oncall",
    alarmName: "hero365-prod-error-rate-high-backend",
    episodeKey: EPISODE,
    step,
    dueAt,
  },
});

describe("page-oncall re-pages while the alarm stays in ALARM", () => {
  it("schedules the first re-page one interval after the ALARM (30 min by default)", async () => {
    const plan = await decide(sample("error-rate-high.alarm"));
    const [next] = ofType(plan.effects, "sqs.SendMessage");
    expect(next).toMatchObject({
      queue: "followUps",
      body: { functionName: "page-oncall", episodeKey: EPISODE, step: 1, dueAt: "2026-11-27T14:51:09.845Z" },
      // SQS delays at most 15 min: the wrapper passes it on until it is due.
      delaySeconds: 900,
    });
  });

  it("pages again with the time spent in alarm, on the same PagerDuty alert, and schedules the next", async () => {
    const diagnostics = reader();
    const plan = await decide(followUp(1, "2026-11-27T14:51:09.845Z"), {
      diagnostics,
      now: new Date("2026-11-27T14:51:10Z"),
    });
    expect(plan).toMatchObject({ outcome: "act", stepKey: `page-oncall#repage#${EPISODE}#1` });
    expect(plan.effects.map((e) => e.type)).toEqual([
      "pagerduty.trigger",
      "slack.chat.postMessage",
      "sns.Publish",
      "sqs.SendMessage",
    ]);
    expect(ofType(plan.effects, "pagerduty.trigger")[0]?.dedupKey).toBe(EPISODE);
    const [sns] = ofType(plan.effects, "sns.Publish");
    expect(sns?.topic).toBe("onCall");
    expect(sns?.subject).toBe("[STILL IN ALARM] hero365 prod backend: 5xx error rate above 1 %");
    expect(sns?.message).toContain("still in ALARM after 30 min (re-page 1)");
    expect(ofType(plan.effects, "sqs.SendMessage")[0]?.body).toMatchObject({
      step: 2,
      dueAt: "2026-11-27T15:21:09.845Z",
    });
    expect(diagnostics.calls).toHaveLength(1);
  });

  it("edits the episode's message and replies in its thread when it re-pages", async () => {
    const store = memoryItemStore();
    await rememberNotice(
      store,
      { alarmName: "hero365-prod-error-rate-high-backend", openedAt: OPENED, at: OPENED, paged: true, flaps: 0 },
      NOW,
      { channel: "C0HERO365", ts: "1795789270.000200" },
    );
    const plan = await decide(followUp(2, "2026-11-27T15:21:09.845Z"), {
      items: store.items(),
      now: new Date("2026-11-27T15:21:10Z"),
    });
    const [reply] = ofType(plan.effects, "slack.chat.postMessage");
    expect(reply).toMatchObject({ channel: "C0HERO365", threadTs: "1795789270.000200" });
    expect(JSON.stringify(reply?.blocks)).toContain("still in ALARM after 1 h 0 min (re-page 2)");
    expect(ofType(plan.effects, "slack.chat.update")[0]).toMatchObject({ ts: "1795789270.000200" });
  });

  it("stops when the alarm is no longer in ALARM", async () => {
    const plan = await decide(followUp(1, "2026-11-27T14:51:09.845Z", "OK"));
    expect(plan).toMatchObject({ outcome: "skip", code: "alarm-not-firing", effects: [] });
  });

  it("stops once the episode resolved", async () => {
    const store = memoryItemStore();
    await rememberNotice(
      store,
      {
        alarmName: "hero365-prod-error-rate-high-backend",
        openedAt: OPENED,
        at: "2026-11-27T14:46:10.233+0000",
        resolvedAt: "2026-11-27T14:46:10.233+0000",
        flaps: 0,
      },
      NOW,
    );
    const plan = await decide(followUp(1, "2026-11-27T14:51:09.845Z"), { items: store.items() });
    expect(plan).toMatchObject({ outcome: "skip", code: "episode-resolved", effects: [] });
  });

  it("puts a re-fire's re-page on the episode's first slot one interval ahead, where the running chain meets it", async () => {
    const store = memoryItemStore();
    await rememberNotice(
      store,
      { alarmName: "hero365-prod-error-rate-high-backend", openedAt: OPENED, at: OPENED, paged: true, flaps: 0 },
      NOW,
      { channel: "C0HERO365", ts: "1795789270.000200" },
    );
    const refire = sample("error-rate-high.alarm");
    refire.detail.previousState = {
      ...sample("error-rate-high.insufficient-data").detail.state,
      timestamp: "2026-11-27T14:55:00.000+0000",
    };
    refire.detail.state.timestamp = "2026-11-27T15:01:09.845+0000";
    const plan = await decide(refire, { items: store.items(), now: new Date("2026-11-27T15:01:10Z") });
    expect(ofType(plan.effects, "pagerduty.trigger")[0]?.dedupKey).toBe(EPISODE);
    expect(ofType(plan.effects, "sqs.SendMessage")[0]?.body).toMatchObject({
      step: 3,
      dueAt: "2026-11-27T15:51:09.845Z",
    });
    // The running chain's slot-2 re-page schedules slot 3 too: one step key, one page.
    const chain = await decide(followUp(2, "2026-11-27T15:21:09.845Z"), {
      items: store.items(),
      now: new Date("2026-11-27T15:21:10Z"),
    });
    expect(ofType(chain.effects, "sqs.SendMessage")[0]?.body).toMatchObject({ step: 3 });
  });
});

describe("page-oncall re-pages from now, never in a burst", () => {
  const INTERVAL = 30 * 60_000;
  const dueOf = (plan: Awaited<ReturnType<typeof decide>>) => {
    const sends = ofType(plan.effects, "sqs.SendMessage");
    expect(sends).toHaveLength(1);
    return sends[0]?.body as { step: number; dueAt: string };
  };

  it("pages once for an ALARM delivered 2 h late and schedules the next re-page one interval after now", async () => {
    const now = new Date(Date.parse(OPENED) + 2 * 3_600_000);
    const plan = await decide(sample("error-rate-high.alarm"), { now });
    expect(ofType(plan.effects, "pagerduty.trigger")).toHaveLength(1);
    const next = dueOf(plan);
    expect(Date.parse(next.dueAt) - now.getTime()).toBeGreaterThanOrEqual(INTERVAL);
    expect(next).toMatchObject({ step: 5, dueAt: "2026-11-27T16:51:09.845Z" });
  });

  it("never schedules a slot in the past or within the next interval, however late the ALARM", async () => {
    for (const lateMinutes of [1, 7, 29, 31, 59, 61, 130, 1_441]) {
      const now = new Date(Date.parse(OPENED) + lateMinutes * 60_000);
      const next = dueOf(await decide(sample("error-rate-high.alarm"), { now }));
      const ahead = Date.parse(next.dueAt) - now.getTime();
      expect(ahead).toBeGreaterThanOrEqual(INTERVAL - 60_000);
      expect(ahead).toBeLessThan(2 * INTERVAL);
      // Still on the episode's slots, so chains meet on one step key.
      expect((Date.parse(next.dueAt) - Date.parse(OPENED)) % INTERVAL).toBe(0);
    }
  });

  it("says the real time in ALARM when a re-page is processed late, and schedules the next from now", async () => {
    const now = new Date("2026-11-27T15:58:00Z");
    const plan = await decide(followUp(1, "2026-11-27T14:51:09.845Z"), { now });
    expect(ofType(plan.effects, "sns.Publish")[0]?.message).toContain("still in ALARM after 1 h 37 min");
    const next = dueOf(plan);
    expect(Date.parse(next.dueAt) - now.getTime()).toBeGreaterThanOrEqual(INTERVAL - 60_000);
    expect(next).toMatchObject({ step: 5, dueAt: "2026-11-27T16:51:09.845Z" });
  });
});

describe("page-oncall and composite alarms whose actions are suppressed", () => {
  const suppressed = () => sample("error-rate-high.alarm.suppressed");

  it("parses actionsSuppressedBy and its reason", () => {
    expect(suppressed().detail.state).toMatchObject({
      actionsSuppressedBy: "WaitPeriod",
      actionsSuppressedReason: expect.stringContaining("WaitPeriod"),
    });
  });

  it.each(["WaitPeriod", "ExtensionPeriod", "Alarm"])(
    "does not page when suppressed by %s: a quiet notice on the alerts topic that says why",
    async (by) => {
      const event = suppressed();
      event.detail.state.actionsSuppressedBy = by;
      const plan = await decide(event);
      expect(plan).toMatchObject({ outcome: "hold", code: "actions-suppressed" });
      expect(ofType(plan.effects, "pagerduty.trigger")).toEqual([]);
      const sns = ofType(plan.effects, "sns.Publish");
      expect(sns.map((e) => e.topic)).toEqual(["alerts"]);
      expect(sns[0]?.message).toContain(`its actions are suppressed by ${by}`);
      expect(ofType(plan.effects, "slack.chat.postMessage")).toHaveLength(1);
    },
  );

  it("pages from the re-page chain once the suppression is over", async () => {
    const plan = await decide(followUp(1, "2026-11-27T14:51:09.845Z"), { now: new Date("2026-11-27T14:51:10Z") });
    expect(ofType(plan.effects, "pagerduty.trigger")).toHaveLength(1);
    const still = followUp(1, "2026-11-27T14:51:09.845Z");
    still.state = { ...still.state, actionsSuppressedBy: "Alarm" };
    const quiet = await decide(still, { now: new Date("2026-11-27T14:51:10Z") });
    expect(quiet).toMatchObject({ outcome: "hold", code: "actions-suppressed" });
    expect(ofType(quiet.effects, "pagerduty.trigger")).toEqual([]);
  });
});
