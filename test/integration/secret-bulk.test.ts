/**
 * The usual case: every bound secret is set, so the real `sst/node/config` import succeeds and serves them all
 * from its one bulk read (its own file: the module is evaluated once per test file, and here it must succeed).
 * The deployed runtime, a loopback SSM stand-in, a loopback Slack stand-in, dynalite; SNS through
 * aws-sdk-client-mock, and CloudWatch's DescribeAlarms answering that the alarm is still in the event's ALARM
 * (the freshness check). Only the clock is replaced (the fixture's alarm is from 2026-11-27).
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { useConfiguration } from "../../core/config/index.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { AlarmStateChangeEvent } from "../../events/index.js";
import { awsRuntime } from "../../functions/lib/aws-runtime.js";
import { clearRuntimes, useRuntime } from "../../functions/lib/middleware/runtime.js";
import { handler } from "../../functions/notify.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { type StandIns, startStandIns } from "../support/api-stand-ins.js";
import { TEST_CONFIG } from "../support/config.js";
import { type LocalDynamo, startDynalite } from "../support/dynalite.js";
import { fixture } from "../support/fixtures.js";
import { type SsmStandIn, startSsmStandIn } from "../support/ssm-stand-in.js";

const PREFIX = "/sst/hero365-scaling/prod/";
const ALARM = "hero365-prod-cpu-critical-backend";
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
let ssm: SsmStandIn;
let stand: StandIns;
let dynamo: LocalDynamo;
const saved = { ...process.env };

beforeAll(async () => {
  [ssm, stand, dynamo] = await Promise.all([startSsmStandIn(), startStandIns(), startDynalite()]);
  await dynamo.createTable("state");
  const prod = TEST_CONFIG.stages.prod;
  useConfiguration({
    ...TEST_CONFIG,
    stages: {
      ...TEST_CONFIG.stages,
      prod: { ...prod, notifications: { ...prod.notifications, slackApiUrl: `${stand.url}/slack/api` } },
    },
  });
  ssm.parameters.set(`${PREFIX}Secret/SLACK_BOT_TOKEN/value`, "xoxb-bulk-token");
  ssm.parameters.set(`${PREFIX}Secret/PAGERDUTY_ROUTING_KEY/value`, "pd-bulk-key");
  Object.assign(process.env, {
    SST_APP: "hero365-scaling",
    SST_STAGE: "prod",
    SST_REGION: "us-east-1",
    SST_SSM_PREFIX: PREFIX,
    SST_Secret_value_SLACK_BOT_TOKEN: "__FETCH_FROM_SSM__",
    // Two bound: the bulk path (one bound secret is read on its own, secret-single.test.ts).
    SST_Secret_value_PAGERDUTY_ROUTING_KEY: "__FETCH_FROM_SSM__",
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    STATE_TABLE_NAME: "state",
    ALERTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:alerts",
  });
  sns.on(PublishCommand).resolves({ MessageId: "m-1" });
  const { state } = fixture<AlarmStateChangeEvent>("cloudwatch/cpu-critical.alarm").detail;
  cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: [ALARM] }).resolves({
    MetricAlarms: [
      {
        AlarmName: ALARM,
        StateValue: "ALARM",
        StateReason: state.reason,
        StateTransitionedTimestamp: new Date(state.timestamp),
        StateUpdatedTimestamp: new Date(state.timestamp),
      },
    ],
  });
});
afterAll(async () => {
  process.env = saved;
  useConfiguration(undefined);
  clearRuntimes();
  await Promise.all([ssm.close(), stand.close(), dynamo.close()]);
});

it("serves every secret from sst/node/config's one bulk read when all are set", async () => {
  useRuntime("notify", { ...awsRuntime(), now: () => new Date("2026-11-27T11:24:00Z") });

  await handler(fixture<AlarmStateChangeEvent>("cloudwatch/cpu-critical.alarm"), lambdaContext("notify", "prod"));

  expect(ssm.requests.map((names) => [...names].sort())).toEqual([
    [`${PREFIX}Secret/PAGERDUTY_ROUTING_KEY/value`, `${PREFIX}Secret/SLACK_BOT_TOKEN/value`],
  ]);
  const posts = stand.requests.filter((r) => r.path === "/slack/api/chat.postMessage");
  expect(posts.map((r) => r.headers.authorization)).toEqual(["Bearer xoxb-bulk-token"]);
  expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  const [record] = await readAudit(dynamoItemStore(dynamo.client, "state"), ALARM);
  expect(record?.applied.map((a) => a.status)).toEqual(["applied", "applied"]);
});
