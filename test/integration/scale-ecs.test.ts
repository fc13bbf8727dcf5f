import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { aasRegisterScalableTarget } from "../../core/adapters/aws/ecs.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import type { SecretName } from "../../core/config/secrets.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import { stateWriter } from "../../core/kernel/state-writer.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import { type Runtime, useRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/scale-ecs.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { ROUTING_KEY, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";
import { serviceAtMinimum } from "../support/scaling.js";
import { sqsRecord } from "../support/sqs.js";

const aas = mockClient(ApplicationAutoScalingClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
let table = 0;
let store: ItemStore;
let clock: Date;
let alarmStates: Record<string, { value: "OK" | "ALARM"; datapoints: number[]; since?: string }>;

function runtime(): Runtime {
  const base = testConfig("prod");
  const config = {
    ...base,
    notifications: { ...base.notifications, slackApiUrl: servers.slack.url, pagerdutyEventsUrl: servers.pagerduty.url },
  };
  const secret = async (name: SecretName) => (name === "SLACK_BOT_TOKEN" ? SLACK_TOKEN : ROUTING_KEY);
  return {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store,
    secret,
    executors: {
      ...notificationExecutors(config, secret, async () => undefined),
      "applicationautoscaling.RegisterScalableTarget": aasRegisterScalableTarget(new ApplicationAutoScalingClient({})),
      "sns.Publish": snsPublisher(new SNSClient({}), {
        alerts: "arn:aws:sns:us-east-1:1:alerts",
        onCall: "arn:aws:sns:us-east-1:1:oncall",
      }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), {
        followUps: "https://sqs.us-east-1.amazonaws.com/1/follow-ups",
      }),
      "dynamodb.PutItem": stateWriter(store),
    },
    services: { read: async () => serviceAtMinimum() },
    alarms: {
      read: async (name) => {
        const s = alarmStates[name] ?? { value: "OK", datapoints: [] };
        return {
          value: s.value,
          reason: "r",
          reasonData: JSON.stringify({ recentDatapoints: s.datapoints }),
          timestamp: s.since ?? clock.toISOString(),
        };
      },
    },
    killSwitch: { paused: async () => false },
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext("scale-ecs", "prod"));

const servers = useLoopback({ dynamo: true, slack: true, pagerduty: true });
beforeEach(async () => {
  table += 1;
  await servers.dynamo.createTable(`state-${table}`);
  store = dynamoItemStore(servers.dynamo.client, `state-${table}`);
  clock = new Date("2026-11-27T03:15:30.000Z");
  // CloudWatch now agrees with the sample: its alarm fires since the sample's ALARM transition.
  alarmStates = {
    "hero365-prod-cpu-high-backend": { value: "ALARM", datapoints: [84.2], since: "2026-11-27T03:15:21.310+0000" },
  };
  aas.reset();
  sns.reset();
  sqs.reset();
  servers.slack.reset();
  servers.pagerduty.reset();
  aas
    .on(RegisterScalableTargetCommand)
    .resolves({ ScalableTargetARN: "arn:aws:application-autoscaling:us-east-1:1:scalable-target/x" });
  sns.on(PublishCommand).resolves({ MessageId: "m" });
  sqs.on(SendMessageCommand).resolves({ MessageId: "q" });
  useRuntime(runtime());
});

describe("scale-ecs against a real state table (dynalite)", () => {
  it("applies exactly one scaling call for 50 concurrent deliveries of the same ALARM event", async () => {
    const event = fixture("cloudwatch/cpu-high.alarm");
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => invoke(structuredClone(event))));

    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
    expect(aas.commandCalls(RegisterScalableTargetCommand)[0]?.args[0].input).toMatchObject({
      ResourceId: "service/hero365-cluster/hero365-backend",
      MinCapacity: 4,
    });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
    expect(servers.slack.calls("chat.postMessage")).toHaveLength(1);
    expect(JSON.stringify(servers.slack.calls("chat.postMessage")[0]?.body.blocks)).toContain("backend floor 3 → 4");
    // The losers are told to come back later (their source retries), never applied twice.
    const rejected = results.filter((r) => r.status === "rejected");
    for (const r of rejected) expect((r as PromiseRejectedResult).reason.name).toBe("StepInProgressError");

    const again = await invoke(structuredClone(event));
    expect(again).toMatchObject({ status: "duplicate" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
  });

  it("holds a second ALARM of the service inside the cooldown, and audits the hold", async () => {
    await invoke(fixture("cloudwatch/cpu-high.alarm"));
    clock = new Date("2026-11-27T03:17:00.000Z");
    const memory = fixture<any>("cloudwatch/memory-high.alarm");
    memory.detail.state.timestamp = "2026-11-27T03:16:58.000+0000";
    alarmStates["hero365-prod-memory-high-backend"] = {
      value: "ALARM",
      datapoints: [91],
      since: "2026-11-27T03:16:58.000+0000",
    };
    const result = await invoke(memory);
    expect(result).toMatchObject({ outcome: "hold", code: "cooldown" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
    const audit = await readAudit(store, "hero365-prod-memory-high-backend");
    expect(audit.at(-1)).toMatchObject({ outcome: "applied", plan: { code: "cooldown" } });
  });

  it("surfaces a throttled scaling call so the event is retried, and the retry resumes the same step once", async () => {
    const event = fixture("cloudwatch/cpu-high.alarm");
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }))
      .resolves({ MessageId: "m" });
    await expect(invoke(structuredClone(event))).rejects.toThrow("Rate exceeded");
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
    const failed = await readAudit(store, "hero365-prod-cpu-high-backend");
    expect(failed.at(-1)).toMatchObject({ outcome: "failed", error: { name: "PartialApplyError" } });

    // The retry finds the floor already raised; it must finish the planned step, not take another.
    expect(await invoke(structuredClone(event))).toMatchObject({ status: "applied" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(1);
  });

  it("takes the next step from its follow-up while the alarm still fires, and fails only the bad record", async () => {
    await invoke(fixture("cloudwatch/cpu-high.alarm"));
    const [sent] = sqs.commandCalls(SendMessageCommand);
    const body = sent?.args[0].input.MessageBody as string;
    expect(JSON.parse(body)).toMatchObject({ step: 2, kind: "hero365.follow-up" });

    clock = new Date("2026-11-27T03:20:31.000Z");
    alarmStates["hero365-prod-cpu-high-backend"] = { value: "ALARM", datapoints: [88, 93] };
    const event: SQSEvent = {
      Records: [sqsRecord("good", body), sqsRecord("bad", "{ not json")],
    };
    const result = await invoke(event);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
    const calls = aas.commandCalls(RegisterScalableTargetCommand);
    expect(calls).toHaveLength(2);
    // 3 tasks reported by the service, 93 % against the 70 % target: ceil(3 × 93 / 70) = 4.
    expect(calls[1]?.args[0].input.MinCapacity).toBe(4);
    // One message for the episode: the follow-up's step edits it and replies in its thread.
    const posts = servers.slack.calls("chat.postMessage");
    expect(posts.filter((p) => p.body.thread_ts === undefined)).toHaveLength(1);
    expect(servers.slack.calls("chat.update").map((u) => u.body.ts)).toEqual([posts[0]?.response.ts]);
  });

  it("recognises a late ALARM whose OK arrived first by the closing mark, even while CloudWatch reads that same ALARM", async () => {
    clock = new Date("2026-11-27T03:40:30.000Z");
    const ok = await invoke(fixture("cloudwatch/cpu-high.ok"));
    expect(ok).toMatchObject({ outcome: "skip", code: "no-episode", status: "applied" });
    expect(await store.get("CLOSED#hero365-prod-cpu-high-backend", "EPISODE#2026-11-27T03:15:21.310Z")).toBeDefined();

    // The OK again (a duplicate) changes nothing; then its ALARM arrives.
    await invoke(fixture("cloudwatch/cpu-high.ok"));
    clock = new Date("2026-11-27T03:41:00.000Z");
    const late = await invoke(fixture("cloudwatch/cpu-high.alarm"));
    expect(late).toMatchObject({ outcome: "skip", code: "stale-event", status: "nothing-to-apply" });
    expect((late as { reason: string }).reason).toContain("its OK arrived first");
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    const audit = await readAudit(store, "hero365-prod-cpu-high-backend");
    expect(audit.at(-1)).toMatchObject({ outcome: "nothing-to-apply", plan: { code: "stale-event" } });
  });

  it("skips a late ALARM whose alarm is OK now, and audits why", async () => {
    clock = new Date("2026-11-27T03:35:21.310Z");
    alarmStates["hero365-prod-cpu-high-backend"] = {
      value: "OK",
      datapoints: [61.7],
      since: "2026-11-27T03:27:04.118Z",
    };
    const late = await invoke(fixture("cloudwatch/cpu-high.alarm"));
    expect(late).toMatchObject({ outcome: "skip", code: "stale-event" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    const audit = await readAudit(store, "hero365-prod-cpu-high-backend");
    expect(audit.at(-1)?.plan.reason).toContain("(20 min old) is out of date: hero365-prod-cpu-high-backend is OK now");
  });

  it("throws when the alarm's current state cannot be read, so the event is retried and nothing is scaled", async () => {
    useRuntime({
      ...runtime(),
      alarms: {
        read: async () => Promise.reject(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" })),
      },
    });
    await expect(invoke(fixture("cloudwatch/cpu-high.alarm"))).rejects.toThrow("Rate exceeded");
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });
});
