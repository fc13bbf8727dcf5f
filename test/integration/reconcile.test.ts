/**
 * The reconciler end to end: the real handler over the real DynamoDB adapter (dynalite), the real Slack and
 * PagerDuty adapters against loopback servers; CloudWatch, ECS, Application Auto Scaling, SNS and SQS (AWS
 * control-plane APIs) through aws-sdk-client-mock. The page it resolves was opened by the real page-oncall.
 */
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cloudWatchAlarmReader } from "../../core/adapters/aws/cloudwatch-alarms.js";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { aasRegisterScalableTarget, ecsServiceStateReader } from "../../core/adapters/aws/ecs.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import type { StageConfig } from "../../core/config/index.js";
import type { SecretName } from "../../core/config/secrets.js";
import { floorItem } from "../../core/episodes/scaling.js";
import { readAudit } from "../../core/kernel/audit.js";
import { StepInProgressError } from "../../core/kernel/errors.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import { stateUpdater, stateWriter } from "../../core/kernel/state-writer.js";
import type { AlarmStateChangeEvent, ScheduledEvent } from "../../events/index.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import type { PageOncallRuntime, ReconcileRuntime } from "../../functions/lib/runtime.js";
import { handler as pageOncall } from "../../functions/page-oncall.js";
import { handler as reconcile } from "../../functions/reconcile.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { ROUTING_KEY, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";

const cloudwatch = mockClient(CloudWatchClient);
const ecs = mockClient(ECSClient);
const aas = mockClient(ApplicationAutoScalingClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
let tables = 0;
let clock: Date;
let store: ItemStore;

const PAGE_ALARM = "hero365-prod-error-rate-high-backend";
const PAGE_EPISODE = `${PAGE_ALARM}#2026-11-27T14:21:09.845+0000`;
const OK_SINCE = new Date("2026-11-27T14:40:00Z");

const servers = useLoopback({ dynamo: true, slack: true, pagerduty: true });
beforeEach(() => {
  for (const mock of [cloudwatch, ecs, aas, sns, sqs]) mock.reset();
  servers.slack.reset();
  servers.pagerduty.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  sqs.on(SendMessageCommand).resolves({ MessageId: "q-1" });
  aas.on(RegisterScalableTargetCommand).resolves({});
  ecs.on(DescribeServicesCommand).resolves({
    services: [{ desiredCount: 6, runningCount: 6, pendingCount: 0, deployments: [] }],
  });
  // The backend's floor is still 6 (raised by a cpu-high episode whose OK was lost); the frontend's is its minimum.
  aas.on(DescribeScalableTargetsCommand).callsFake((input) => ({
    ScalableTargets: [
      {
        ResourceId: input.ResourceIds[0],
        MinCapacity: input.ResourceIds[0].endsWith("backend") ? 6 : 2,
        MaxCapacity: 15,
        SuspendedState: {},
      },
    ],
  }));
  alarmsAre("OK");
});
afterEach(() => clearRuntimes());

/** Every alarm DescribeAlarms is asked about reads `value`, since 14:40. */
function alarmsAre(value: "OK" | "ALARM", since = OK_SINCE) {
  cloudwatch.on(DescribeAlarmsCommand).callsFake((input) => ({
    MetricAlarms: (input.AlarmNames ?? []).map((name: string) => ({
      AlarmName: name,
      StateValue: value,
      StateReason: "Threshold Crossed",
      StateUpdatedTimestamp: since,
      StateTransitionedTimestamp: since,
    })),
  }));
}

async function live(): Promise<ReconcileRuntime & PageOncallRuntime> {
  const table = `state-${++tables}`;
  await servers.dynamo.createTable(table);
  store = dynamoItemStore(servers.dynamo.client, table);
  const base = testConfig("prod");
  const config: StageConfig = {
    ...base,
    notifications: { ...base.notifications, slackApiUrl: servers.slack.url, pagerdutyEventsUrl: servers.pagerduty.url },
  };
  const secrets: Partial<Record<SecretName, string>> = {
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
  };
  const secret = async (name: SecretName) => secrets[name] ?? Promise.reject(new Error(`no ${name}`));
  const aasClient = new ApplicationAutoScalingClient({});
  const runtime: ReconcileRuntime & PageOncallRuntime = {
    stage: "prod",
    config,
    dryRun: false,
    now: () => clock,
    store,
    secret,
    executors: {
      ...notificationExecutors(config, secret, async () => {}),
      "sns.Publish": snsPublisher(new SNSClient({}), {
        alerts: "arn:aws:sns:us-east-1:123456789012:alerts",
        onCall: "arn:aws:sns:us-east-1:123456789012:on-call",
      }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), {
        followUps: "https://sqs.us-east-1.amazonaws.com/123456789012/follow-ups",
      }),
      "applicationautoscaling.RegisterScalableTarget": aasRegisterScalableTarget(aasClient),
      "dynamodb.PutItem": stateWriter(store),
      "dynamodb.UpdateItem": stateUpdater(store),
    },
    alarms: cloudWatchAlarmReader(new CloudWatchClient({})),
    services: ecsServiceStateReader(new ECSClient({}), aasClient, config),
    killSwitch: { paused: async () => false },
    diagnostics: {
      collect: async (service) => ({
        service,
        desiredCount: 6,
        runningCount: 6,
        pendingCount: 0,
        deployments: [],
        recentDeployment: false,
        events: [],
        metrics: [],
      }),
    },
  };
  useRuntime("reconcile", runtime);
  useRuntime("page-oncall", runtime);
  return runtime;
}

/** What the pipeline leaves when both OK events are lost: a page open on Slack and PagerDuty, a raised floor. */
async function leftBehind(): Promise<void> {
  clock = new Date("2026-11-27T14:21:11Z");
  // In ALARM since the sample's own transition: page-oncall's freshness check finds the page still due.
  alarmsAre("ALARM", new Date("2026-11-27T14:21:09.845Z"));
  await pageOncall(
    fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.alarm"),
    lambdaContext("page-oncall", "prod"),
  );
  await store.put(
    floorItem(
      "prod",
      {
        service: "backend",
        floorBefore: 3,
        raisedTo: 6,
        raisedAt: "2026-11-27T14:22:00.000Z",
        raisedBy: "hero365-prod-cpu-high-backend#2026-11-27T14:21:30.000+0000",
        restored: false,
      },
      clock,
    ),
  );
  servers.slack.reset();
  servers.pagerduty.reset();
  cloudwatch.resetHistory();
  alarmsAre("OK");
}

function scheduled(time: string, id = `run-${time}`): ScheduledEvent {
  return { ...fixture<ScheduledEvent>("scheduled/reconcile"), id, time };
}

const run = (event: ScheduledEvent) => reconcile(event, lambdaContext("reconcile", "prod"));
const registered = () => aas.commandCalls(RegisterScalableTargetCommand).map((c) => c.args[0].input);

describe("reconcile against the state table, AWS and the notification APIs", () => {
  it("restores the floor and resolves the page left open by lost OK events, in one DescribeAlarms call", async () => {
    await live();
    await leftBehind();
    clock = new Date("2026-11-27T15:00:30Z");

    const result = await run(scheduled("2026-11-27T15:00:00Z"));

    expect(result).toMatchObject({ outcome: "act", status: "applied", mode: "live" });
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
    expect(registered()).toEqual([
      expect.objectContaining({ ResourceId: "service/hero365-cluster/hero365-backend", MinCapacity: 3 }),
    ]);
    expect(servers.pagerduty.accepted().map((e) => [e.event_action, e.dedup_key])).toEqual([["resolve", PAGE_EPISODE]]);
    const [update] = servers.slack.calls("chat.update");
    expect(JSON.stringify(update?.body.blocks)).toContain("RESOLVED");
    expect(await store.get("FLOOR#prod#backend", "FLOOR")).toMatchObject({ restored: true });
    const [audit] = await readAudit(store, "reconcile");
    expect(audit).toMatchObject({ functionName: "reconcile", outcome: "applied", plan: { outcome: "act" } });
  });

  it("converges: the next period finds nothing to do and says so in its audit record", async () => {
    await live();
    await leftBehind();
    clock = new Date("2026-11-27T15:00:30Z");
    await run(scheduled("2026-11-27T15:00:00Z"));
    clock = new Date("2026-11-27T15:05:30Z");

    const result = await run(scheduled("2026-11-27T15:05:00Z"));

    expect(result).toMatchObject({ outcome: "skip", code: "nothing-to-do", status: "nothing-to-apply" });
    expect(registered()).toHaveLength(1);
    expect(servers.pagerduty.accepted()).toHaveLength(1);
    expect((await readAudit(store, "reconcile")).map((a) => a.outcome)).toEqual(["applied", "nothing-to-apply"]);
  });

  it("acts exactly once when two runs of one period race (a duplicate delivery of the schedule)", async () => {
    await live();
    await leftBehind();
    clock = new Date("2026-11-27T15:00:30Z");

    const results = await Promise.allSettled([
      run(scheduled("2026-11-27T15:00:00Z", "a")),
      run(scheduled("2026-11-27T15:00:00Z", "b")),
    ]);
    // A copy that found the step claimed fails; its retry decides afresh from the converged world (or sees the
    // step done).
    const retried = await Promise.allSettled([run(scheduled("2026-11-27T15:00:00Z", "b"))]);

    const statuses = [...results, ...retried].map((r) =>
      r.status === "fulfilled" ? r.value.status : (r.reason as Error).name,
    );
    expect(statuses.filter((s) => s === "applied")).toHaveLength(1);
    for (const s of statuses)
      expect(["applied", "duplicate", "nothing-to-apply", new StepInProgressError("x").name]).toContain(s);
    expect(registered()).toHaveLength(1);
    expect(servers.pagerduty.accepted().filter((e) => e.event_action === "resolve")).toHaveLength(1);
    expect(servers.slack.calls("chat.update")).toHaveLength(1);
  });

  it("keeps the floor while a scale-out alarm of the service still fires", async () => {
    await live();
    await leftBehind();
    alarmsAre("ALARM");
    clock = new Date("2026-11-27T15:00:30Z");

    await run(scheduled("2026-11-27T15:00:00Z"));

    expect(registered()).toEqual([]);
    expect(await store.get("FLOOR#prod#backend", "FLOOR")).toMatchObject({ restored: false });
  });
});
