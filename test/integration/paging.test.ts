/**
 * page-oncall end to end: the real handler, the real Slack and PagerDuty adapters against loopback servers,
 * the real DynamoDB adapter against dynalite; SNS (an AWS control-plane API) through aws-sdk-client-mock.
 */

import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import { readAudit } from "../../core/kernel/audit.js";
import { stateWriter } from "../../core/kernel/state-writer.js";
import type { AlarmStateChangeEvent } from "../../events/index.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import { type Runtime, useRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/page-oncall.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { ROUTING_KEY, SLACK_CHANNEL_ID, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";
import { sqsRecord } from "../support/sqs.js";

const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
let tables = 0;
let waits: number[];
let clock: Date;
let alarmState: "ALARM" | "OK";

const ALARM = "hero365-prod-error-rate-high-backend";
const EPISODE = `${ALARM}#2026-11-27T14:21:09.845+0000`;
const alarm = () => fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.alarm");
const ok = () => fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.ok");
const insufficient = () => fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.insufficient-data");

const servers = useLoopback({ dynamo: true, slack: true, pagerduty: true });
beforeEach(() => {
  servers.slack.reset();
  servers.pagerduty.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: "q-1" });
  waits = [];
  clock = new Date("2026-11-27T14:21:11Z");
  alarmState = "ALARM";
});
afterEach(() => useRuntime(undefined));

/** A fresh state table and a live runtime whose Slack and PagerDuty are the loopback fakes. */
async function live(overrides: { slackMode?: "bot" | "webhook" } = {}): Promise<Runtime> {
  const table = `state-${++tables}`;
  await servers.dynamo.createTable(table);
  const base = testConfig("prod");
  const config: StageConfig = {
    ...base,
    notifications: {
      ...base.notifications,
      slackApiUrl: servers.slack.url,
      pagerdutyEventsUrl: servers.pagerduty.url,
      ...(overrides.slackMode && { slackMode: overrides.slackMode }),
    },
  };
  const secrets: Partial<Record<SecretName, string>> = {
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_WEBHOOK_URL: `${servers.slack.url.replace(/\/api$/, "")}/webhook`,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
  };
  const secret = async (name: SecretName) => secrets[name] ?? Promise.reject(new Error(`no ${name}`));
  const store = dynamoItemStore(servers.dynamo.client, table);
  const runtime: Runtime = {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store,
    secret,
    diagnostics,
    executors: {
      ...notificationExecutors(config, secret, async (ms) => {
        waits.push(ms);
      }),
      "sns.Publish": snsPublisher(new SNSClient({}), {
        alerts: "arn:aws:sns:us-east-1:123456789012:alerts",
        onCall: "arn:aws:sns:us-east-1:123456789012:on-call",
      }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), {
        followUps: "https://sqs.us-east-1.amazonaws.com/123456789012/page-oncall-follow-ups",
      }),
      "dynamodb.PutItem": stateWriter(store),
    },
    // What a follow-up re-reads (CloudWatch DescribeAlarms).
    alarms: {
      read: async () => ({ value: alarmState, reason: "re-read", timestamp: "2026-11-27T14:21:09.845Z" }),
    },
  };
  useRuntime(runtime);
  return runtime;
}

const diagnostics: DiagnosticsReader = {
  async collect(service) {
    return {
      service,
      desiredCount: 3,
      runningCount: 3,
      pendingCount: 0,
      deployments: [
        { id: "ecs-svc/1", status: "PRIMARY", rolloutState: "COMPLETED", createdAt: "2026-11-27T14:02:11Z" },
      ],
      recentDeployment: true,
      events: [{ at: "2026-11-27T14:09:40Z", message: "(service hero365-backend) has reached a steady state." }],
      metrics: [{ label: "RequestCount", unit: "Count", points: [{ at: "2026-11-27T14:20:00Z", value: 1695 }] }],
      errorLogLines: [{ count: 41, message: "ERROR pool exhausted" }],
    };
  },
};

const deliver = (event: AlarmStateChangeEvent | SQSEvent) =>
  handler(structuredClone(event), lambdaContext("page-oncall", "prod"));
/** The last follow-up the function sent itself, as SQS delivers it back. */
const lastFollowUp = (): SQSEvent => {
  const sent = sqs.commandCalls(SendMessageCommand).at(-1)?.args[0].input;
  return {
    Records: [
      sqsRecord(
        `msg-${sqs.commandCalls(SendMessageCommand).length}`,
        sent?.MessageBody ?? "",
        "page-oncall-follow-ups",
      ),
    ],
  };
};
const topLevelPosts = () => servers.slack.calls("chat.postMessage").filter((r) => r.body.thread_ts === undefined);
const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

describe("page-oncall against Slack and PagerDuty", () => {
  it("ALARM → re-page follow-up → OK: one Slack message edited on its ts, one PagerDuty alert triggered then resolved", async () => {
    await live();
    await deliver(alarm());
    const [scheduled] = sqs.commandCalls(SendMessageCommand);
    expect(JSON.parse(scheduled?.args[0].input.MessageBody ?? "")).toMatchObject({
      kind: "hero365.follow-up",
      functionName: "page-oncall",
      episodeKey: EPISODE,
      step: 1,
      dueAt: "2026-11-27T14:51:09.845Z",
    });
    expect(scheduled?.args[0].input.DelaySeconds).toBe(900);

    // SQS delays at most 15 min: the first delivery is early and is passed on.
    clock = new Date("2026-11-27T14:36:11Z");
    expect(await deliver(lastFollowUp())).toEqual({ batchItemFailures: [] });
    expect(servers.pagerduty.events()).toHaveLength(1);
    // Due: the alarm is still in ALARM, so on-call is paged again.
    clock = new Date("2026-11-27T14:51:10Z");
    expect(await deliver(lastFollowUp())).toEqual({ batchItemFailures: [] });
    const resolved = ok();
    resolved.detail.state.timestamp = "2026-11-27T14:58:10.233+0000";
    clock = new Date("2026-11-27T14:58:11Z");
    await deliver(resolved);

    expect(topLevelPosts()).toHaveLength(1);
    const [post] = topLevelPosts();
    expect(post?.body.channel).toBe("#hero365-alerts");
    const ts = post?.response.ts;
    expect(ts).toMatch(/^\d+\.\d+$/);
    const updates = servers.slack.calls("chat.update");
    expect(updates).toHaveLength(2);
    for (const update of updates) expect(update.body).toMatchObject({ channel: SLACK_CHANNEL_ID, ts });
    const replies = servers.slack.calls("chat.postMessage").filter((r) => r.body.thread_ts !== undefined);
    expect(replies).toHaveLength(2);
    for (const reply of replies) expect(reply.body).toMatchObject({ channel: SLACK_CHANNEL_ID, thread_ts: ts });
    expect(JSON.stringify(replies[0]?.body.blocks)).toContain("still in ALARM after 30 min (re-page 1)");
    const resolvedCard = JSON.stringify(updates.at(-1)?.body.blocks);
    expect(resolvedCard).toContain("RESOLVED");
    expect(resolvedCard).toContain("*Resolved* after 37 min");

    expect(servers.pagerduty.accepted().map((e) => [e.event_action, e.dedup_key])).toEqual([
      ["trigger", EPISODE],
      ["trigger", EPISODE],
      ["resolve", EPISODE],
    ]);
    expect(servers.pagerduty.accepted()[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      payload: { severity: "critical", source: ALARM, component: "backend", class: "error-rate-high" },
    });
    expect(published().map((p) => [p.TopicArn, p.Subject])).toEqual([
      ["arn:aws:sns:us-east-1:123456789012:on-call", "[ALARM] hero365 prod backend: 5xx error rate above 1 %"],
      ["arn:aws:sns:us-east-1:123456789012:on-call", "[STILL IN ALARM] hero365 prod backend: 5xx error rate above 1 %"],
      ["arn:aws:sns:us-east-1:123456789012:on-call", "[RESOLVED] hero365 prod backend: 5xx error rate above 1 %"],
    ]);

    // The next re-page finds the alarm OK and stops the chain.
    alarmState = "OK";
    clock = new Date("2026-11-27T15:21:10Z");
    const sent = sqs.commandCalls(SendMessageCommand).length;
    await deliver(lastFollowUp());
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(sent);
    expect(servers.pagerduty.events()).toHaveLength(3);
  });

  it("pages on the same alert and message when the alarm re-fires without an OK in between", async () => {
    await live();
    const refired = alarm();
    refired.id = "e2b1c3d4-refired";
    refired.detail.previousState = { ...insufficient().detail.state, timestamp: "2026-11-27T14:25:00.000+0000" };
    refired.detail.state.timestamp = "2026-11-27T14:31:09.845+0000";

    await deliver(alarm());
    await deliver(refired);

    expect(topLevelPosts()).toHaveLength(1);
    expect(servers.slack.calls("chat.update").map((u) => u.body.ts)).toEqual([topLevelPosts()[0]?.response.ts]);
    expect(servers.pagerduty.accepted().map((e) => e.dedup_key)).toEqual([EPISODE, EPISODE]);
  });

  it("pages once when the same ALARM event is delivered twice", async () => {
    const runtime = await live();
    await deliver(alarm());
    const again = await deliver(alarm());

    expect(again).toMatchObject({ status: "duplicate", effects: [] });
    expect(servers.pagerduty.events()).toHaveLength(1);
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(1);
    expect(published()).toHaveLength(1);
    const audit = await readAudit(runtime.store, ALARM);
    expect(audit.map((a) => a.outcome).sort()).toEqual(["applied", "duplicate"]);
  });

  it("pages once when two copies of the ALARM arrive at the same time; the other is retried, then a duplicate", async () => {
    await live();
    const results = await Promise.allSettled([deliver(alarm()), deliver(alarm())]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    for (const r of rejected) expect(r.reason).toMatchObject({ name: "StepInProgressError" });
    // The source retries the copy that found the step in progress.
    for (const _ of rejected) expect(await deliver(alarm())).toMatchObject({ status: "duplicate" });

    expect(servers.pagerduty.events()).toHaveLength(1);
    expect(topLevelPosts()).toHaveLength(1);
    expect(published()).toHaveLength(1);
  });

  it.each(["bot", "webhook"] as const)(
    "pages nobody for an ALARM that arrives after its OK, and the OK leaves a closing mark (Slack %s)",
    async (slackMode) => {
      const runtime = await live({ slackMode });
      await deliver(ok());
      expect(
        await runtime.store.get("CLOSED#hero365-prod-error-rate-high-backend", "EPISODE#2026-11-27T14:21:09.845Z"),
      ).toMatchObject({ closedAt: ok().detail.state.timestamp });
      const late = await deliver(alarm());

      // The resolved notice the OK sent already marks the episode over; the closing mark is the second line.
      expect(late).toMatchObject({ outcome: "skip", code: "episode-resolved" });
      expect(servers.pagerduty.events().filter((e) => e.event_action === "trigger")).toHaveLength(0);
      expect(published().filter((p) => p.Subject?.startsWith("[ALARM]"))).toEqual([]);
    },
  );

  it("waits Slack's retry-after on a 429 and then posts", async () => {
    await live();
    servers.slack.script({ status: 429, headers: { "retry-after": "3" }, body: { ok: false, error: "ratelimited" } });
    await deliver(alarm());

    expect(waits).toContain(3000);
    expect(servers.slack.calls("chat.postMessage").map((r) => r.status)).toEqual([429, 200]);
    expect(topLevelPosts()).toHaveLength(2);
  });

  it("ends in the error path when PagerDuty keeps answering 500, keeping the event for its retry", async () => {
    const runtime = await live();
    servers.pagerduty.script(...Array.from({ length: 4 }, () => ({ status: 500, body: { status: "error" } })));

    await expect(deliver(alarm())).rejects.toMatchObject({
      name: "PartialApplyError",
      message: expect.stringMatching(
        /pagerduty.trigger failed: HttpStatusError: PagerDuty Events API answered HTTP 500/,
      ),
    });
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(0);
    expect(published()).toHaveLength(0);
    expect((await readAudit(runtime.store, ALARM)).map((a) => a.outcome)).toEqual(["failed"]);

    // The retry of the same event takes the released step and pages.
    expect(await deliver(alarm())).toMatchObject({ status: "applied" });
    expect(servers.pagerduty.accepted()).toHaveLength(1);
    expect(topLevelPosts()).toHaveLength(1);
    expect(published()).toHaveLength(1);
  });

  it("backs off on PagerDuty's 429 and then pages", async () => {
    await live();
    servers.pagerduty.script({ status: 429, body: { status: "throttle event" } });
    await deliver(alarm());
    expect(waits).toEqual([1000]);
    expect(servers.pagerduty.accepted()).toHaveLength(1);
  });

  it("resumes after a failure past the Slack message: no second message, no second trigger", async () => {
    const runtime = await live();
    sns.reset();
    sns.on(PublishCommand).rejectsOnce(new Error("SNS unavailable")).resolves({ MessageId: "m-2" });

    await expect(deliver(alarm())).rejects.toThrow(/sns.Publish failed/);
    clock = new Date("2026-11-27T14:22:11Z"); // Lambda's retry, a minute later
    expect(await deliver(alarm())).toMatchObject({ status: "applied" });

    expect(topLevelPosts()).toHaveLength(1);
    expect(servers.slack.calls("chat.update")).toHaveLength(0);
    expect(servers.pagerduty.accepted().map((e) => e.dedup_key)).toEqual([EPISODE]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    // The message is remembered on the episode, so the OK edits it.
    clock = new Date("2026-11-27T14:46:11Z");
    await deliver(ok());
    expect(servers.slack.calls("chat.update").map((u) => u.body.ts)).toEqual([topLevelPosts()[0]?.response.ts]);
    expect((await readAudit(runtime.store, ALARM)).map((a) => a.outcome)).toEqual(["failed", "applied", "applied"]);
  });

  it("continues the same Slack thread when the alarm flaps ALARM → OK → ALARM within the window", async () => {
    await live();
    const refire = alarm();
    refire.id = "9d0c4b52-flap";
    refire.detail.previousState = { ...ok().detail.state };
    refire.detail.state.timestamp = "2026-11-27T14:52:10.233+0000";

    await deliver(alarm());
    await deliver(ok());
    await deliver(refire);

    expect(topLevelPosts()).toHaveLength(1);
    const ts = topLevelPosts()[0]?.response.ts;
    expect(ts).toMatch(/^\d+\.\d+$/);
    const lastUpdate = servers.slack.calls("chat.update").at(-1);
    expect(lastUpdate?.body).toMatchObject({ ts });
    expect(JSON.stringify(lastUpdate?.body.blocks)).toContain("ALARM (flapping)");
    const flapReply = servers.slack.calls("chat.postMessage").at(-1);
    expect(flapReply?.body.thread_ts).toBe(ts);
    expect(JSON.stringify(flapReply?.body.blocks)).toContain("Fired again 6 min after resolving");
    expect(servers.pagerduty.accepted().map((e) => e.event_action)).toEqual(["trigger", "resolve", "trigger"]);
  });

  it("never pages on INSUFFICIENT_DATA", async () => {
    await live();
    expect(await deliver(insufficient())).toMatchObject({ outcome: "skip", code: "insufficient-data" });
    expect(servers.slack.requests).toHaveLength(0);
    expect(servers.pagerduty.requests).toHaveLength(0);
    expect(published()).toHaveLength(0);
  });

  it("posts a new message per notice through the incoming webhook, which cannot edit", async () => {
    await live({ slackMode: "webhook" });
    await deliver(alarm());
    await deliver(ok());
    expect(servers.slack.webhookPosts()).toHaveLength(2);
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(0);
    expect(JSON.stringify(servers.slack.webhookPosts()[1]?.body.blocks)).toContain("RESOLVED");
  });
});
