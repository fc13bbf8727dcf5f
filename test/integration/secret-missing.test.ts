/**
 * One unset secret fails only its channel. The deployed runtime as Lambda builds it (awsRuntime), with the real
 * `sst/node/config` module reading from a loopback SSM stand-in (the SDK's endpoint setting), the real Slack and
 * PagerDuty adapters against loopback stand-ins, the real DynamoDB adapter against dynalite; SNS, SQS and
 * CloudWatch's DescribeAlarms (the freshness check; AWS control-plane APIs) through aws-sdk-client-mock. Only the clock and the diagnostics reader are replaced:
 * the fixture's alarm is from 2026-11-27, and diagnostics would need ECS, CloudWatch and Logs.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { useConfiguration } from "../../core/config/index.js";
import type { DiagnosticsReader } from "../../core/diagnostics/port.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { AlarmStateChangeEvent } from "../../events/index.js";
import { awsRuntime } from "../../functions/lib/aws-runtime.js";
import { useRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/page-oncall.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { TEST_CONFIG } from "../support/config.js";
import { captureEmf, type EmfLine } from "../support/emf.js";
import { fixture } from "../support/fixtures.js";
import { useLoopback } from "../support/loopback.js";

const APP = "hero365-scaling";
const PREFIX = `/sst/${APP}/prod/`;
const own = (name: string) => `${PREFIX}Secret/${name}/value`;
const fallback = (name: string) => `/sst/${APP}/.fallback/Secret/${name}/value`;
const ALARM = "hero365-prod-error-rate-high-backend";
const SLACK_TOKEN = "xoxb-test-bot-token";
const ROUTING_KEY = "R0UT1NGKEY0000000000000000000000";

const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const cloudwatch = mockClient(CloudWatchClient);
let emf: ReturnType<typeof captureEmf>;
let tables = 0;
const saved = { ...process.env };

const diagnostics: DiagnosticsReader = {
  async collect(service) {
    return {
      service,
      desiredCount: 3,
      runningCount: 3,
      pendingCount: 0,
      deployments: [],
      recentDeployment: false,
      events: [],
      metrics: [],
      errorLogLines: [],
    };
  },
};

const servers = useLoopback({ ssm: true, standIns: true, dynamo: true });
beforeAll(async () => {
  const prod = TEST_CONFIG.stages.prod;
  useConfiguration({
    ...TEST_CONFIG,
    stages: {
      ...TEST_CONFIG.stages,
      prod: {
        ...prod,
        notifications: {
          ...prod.notifications,
          slackApiUrl: `${servers.standIns.url}/slack/api`,
          pagerdutyEventsUrl: `${servers.standIns.url}/pagerduty`,
        },
      },
    },
  });
  // What Lambda's environment holds for a page-oncall function of a bot-mode stage with PagerDuty on: the two
  // secrets the stacks bind, to be fetched from SSM by sst/node/config (which reads them when first imported).
  Object.assign(process.env, {
    SST_APP: APP,
    SST_STAGE: "prod",
    SST_REGION: "us-east-1",
    SST_SSM_PREFIX: PREFIX,
    SST_Secret_value_SLACK_BOT_TOKEN: "__FETCH_FROM_SSM__",
    SST_Secret_value_PAGERDUTY_ROUTING_KEY: "__FETCH_FROM_SSM__",
    AWS_ENDPOINT_URL_SSM: servers.ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: servers.dynamo.endpoint,
    ALERTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:alerts",
    ONCALL_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:on-call",
    FOLLOW_UP_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/page-oncall-follow-ups",
  });
});
afterAll(async () => {
  process.env = saved;
  useConfiguration(undefined);
});
beforeEach(() => {
  servers.ssm.parameters.clear();
  servers.standIns.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: "q-1" });
  // The alarm is still in ALARM since the fixture's own transition: the page is not stale.
  const since = new Date("2026-11-27T14:21:09.845Z");
  cloudwatch.reset();
  cloudwatch.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: [
      {
        AlarmName: ALARM,
        StateValue: "ALARM",
        StateReason: "Threshold Crossed",
        StateUpdatedTimestamp: since,
        StateTransitionedTimestamp: since,
      },
    ],
  });
  emf = captureEmf();
});
afterEach(() => {
  emf.restore();
  useRuntime(undefined);
});

/** A fresh container: the deployed runtime with its own state table. */
async function container() {
  const table = `state-${++tables}`;
  await servers.dynamo.createTable(table);
  process.env.STATE_TABLE_NAME = table;
  const runtime = { ...awsRuntime(), now: () => new Date("2026-11-27T14:21:11Z"), diagnostics };
  useRuntime(runtime);
  return { audit: () => readAudit(dynamoItemStore(servers.dynamo.client, table), ALARM) };
}

const page = () =>
  handler(fixture<AlarmStateChangeEvent>("cloudwatch/error-rate-high.alarm"), lambdaContext("page-oncall", "prod"));

const secretMissing = (lines: EmfLine[]) =>
  lines.filter((l) => l._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === "SecretMissing")));

describe("a page with one channel's secret unset", () => {
  it("still posts to Slack and SNS when the PagerDuty key is unset; the page is unsent, named in the audit, counted", async () => {
    servers.ssm.parameters.set(own("SLACK_BOT_TOKEN"), SLACK_TOKEN);
    const { audit } = await container();

    await expect(page()).resolves.toBeDefined();

    // The real sst/node/config asked for both bound secrets at once, then for their fallbacks: it failed, so
    // each secret was read on its own.
    expect(servers.ssm.requests[0]?.sort()).toEqual([own("PAGERDUTY_ROUTING_KEY"), own("SLACK_BOT_TOKEN")]);
    const slack = servers.standIns.requests.filter((r) => r.path === "/slack/api/chat.postMessage");
    expect(slack).toHaveLength(1);
    expect(slack[0]?.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
    expect(servers.standIns.requests.filter((r) => r.path.startsWith("/pagerduty"))).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);

    const [record] = await audit();
    expect(record?.outcome).toBe("applied");
    const byType = Object.fromEntries((record?.applied ?? []).map((a) => [a.effect.type, a]));
    expect(byType["pagerduty.trigger"]).toMatchObject({
      status: "unsent",
      error: { name: "SecretNotSetError", message: expect.stringContaining("PAGERDUTY_ROUTING_KEY") },
    });
    expect(byType["slack.chat.postMessage"]?.status).toBe("applied");
    expect(byType["sns.Publish"]?.status).toBe("applied");

    // By secret (which one to set) and by stage alone (what the stage's secret-missing alarm watches).
    const lines = secretMissing(emf.lines);
    expect(lines.map((l) => l._aws.CloudWatchMetrics[0]?.Dimensions)).toEqual([[["Stage", "Secret"]], [["Stage"]]]);
    expect(lines[0]).toMatchObject({ Stage: "prod", Secret: "PAGERDUTY_ROUTING_KEY", SecretMissing: 1 });
    expect(lines[1]).toMatchObject({ Stage: "prod", SecretMissing: 1 });
    expect(lines[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe("Hero365/Pipeline");
  });

  it("still pages (key from the app-wide fallback) when the Slack token is unset; the Slack post is unsent", async () => {
    servers.ssm.parameters.set(fallback("PAGERDUTY_ROUTING_KEY"), ROUTING_KEY);
    const { audit } = await container();

    await expect(page()).resolves.toBeDefined();

    const pages = servers.standIns.requests.filter((r) => r.path === "/pagerduty/v2/enqueue");
    expect(pages).toHaveLength(1);
    expect(JSON.parse(pages[0]?.body ?? "{}")).toMatchObject({ routing_key: ROUTING_KEY, event_action: "trigger" });
    expect(servers.standIns.requests.filter((r) => r.path.startsWith("/slack"))).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);

    const [record] = await audit();
    const unsent = (record?.applied ?? []).filter((a) => a.status === "unsent");
    expect(unsent.map((a) => a.effect.type)).toEqual(["slack.chat.postMessage"]);
    expect(unsent[0]?.error?.name).toBe("SecretNotSetError");
    expect(secretMissing(emf.lines).map((l) => l.Secret)).toEqual(["SLACK_BOT_TOKEN", undefined]);
  });

  it("sends everything when both secrets are set, whichever path holds them", async () => {
    servers.ssm.parameters.set(own("SLACK_BOT_TOKEN"), SLACK_TOKEN);
    servers.ssm.parameters.set(fallback("PAGERDUTY_ROUTING_KEY"), ROUTING_KEY);
    const { audit } = await container();

    await page();

    expect(servers.standIns.requests.filter((r) => r.path === "/slack/api/chat.postMessage")).toHaveLength(1);
    expect(servers.standIns.requests.filter((r) => r.path === "/pagerduty/v2/enqueue")).toHaveLength(1);
    const [record] = await audit();
    expect(record?.applied.every((a) => a.status === "applied")).toBe(true);
    expect(secretMissing(emf.lines)).toHaveLength(0);
  });
});
