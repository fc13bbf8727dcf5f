import { ApplicationAutoScalingClient, RegisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { dynamoItemStore } from "../../core/adapters/aws/dynamo-items.js";
import { aasRegisterScalableTarget } from "../../core/adapters/aws/ecs.js";
import { snsPublisher } from "../../core/adapters/aws/sns.js";
import { sqsSender } from "../../core/adapters/aws/sqs.js";
import { ssmKillSwitch } from "../../core/adapters/aws/ssm-kill-switch.js";
import type { SecretName } from "../../core/config/secrets.js";
import { readAudit } from "../../core/kernel/audit.js";
import type { ItemStore } from "../../core/kernel/ports.js";
import { stateUpdater, stateWriter } from "../../core/kernel/state-writer.js";
import { useRuntime } from "../../functions/lib/middleware/runtime.js";
import { notificationExecutors } from "../../functions/lib/notification-executors.js";
import type { ScaleEcsRuntime } from "../../functions/lib/runtime.js";
import { handler } from "../../functions/scale-ecs.js";
import { lambdaContext } from "../../sim/local/local-invoke.js";
import { testConfig } from "../support/config.js";
import { fixture } from "../support/fixtures.js";
import { ROUTING_KEY, SLACK_TOKEN } from "../support/http-fakes.js";
import { useLoopback } from "../support/loopback.js";
import { serviceAtMinimum } from "../support/scaling.js";
import { sqsRecord } from "../support/sqs.js";

const PARAMETER = "/hero365/prod/paused";
const ALARM = "hero365-prod-cpu-high-backend";
const aas = mockClient(ApplicationAutoScalingClient);
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const ssm = mockClient(SSMClient);
let table = 0;
let store: ItemStore;
let clock: Date;

function runtime(): ScaleEcsRuntime {
  const base = testConfig("prod");
  const config = { ...base, notifications: { ...base.notifications, slackApiUrl: servers.slack.url } };
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
        alerts: "arn:aws:sns:us-east-1:1:a",
        onCall: "arn:aws:sns:us-east-1:1:o",
      }),
      "sqs.SendMessage": sqsSender(new SQSClient({}), {
        followUps: "https://sqs.us-east-1.amazonaws.com/1/follow-ups",
      }),
      "dynamodb.PutItem": stateWriter(store),
      "dynamodb.UpdateItem": stateUpdater(store),
    },
    services: { read: async () => serviceAtMinimum() },
    alarms: {
      read: async () => ({
        value: "ALARM",
        reason: "r",
        reasonData: JSON.stringify({ recentDatapoints: [88, 93] }),
        timestamp: "2026-11-27T03:15:21.310+0000",
      }),
    },
    // The real adapter, over a mocked SSM GetParameter: the value as the Slack Pause button writes it.
    killSwitch: ssmKillSwitch(new SSMClient({}), PARAMETER),
  };
}

const invoke = (event: unknown) => handler(event, lambdaContext("scale-ecs", "prod"));
const parameter = (value: string) =>
  ssm.on(GetParameterCommand, { Name: PARAMETER }).resolves({ Parameter: { Value: value } });

const servers = useLoopback({ dynamo: true, slack: true });
beforeEach(async () => {
  table += 1;
  await servers.dynamo.createTable(`pause-${table}`);
  store = dynamoItemStore(servers.dynamo.client, `pause-${table}`);
  clock = new Date("2026-11-27T03:15:30.000Z");
  for (const client of [aas, sns, sqs, ssm]) client.reset();
  servers.slack.reset();
  aas
    .on(RegisterScalableTargetCommand)
    .resolves({ ScalableTargetARN: "arn:aws:application-autoscaling:us-east-1:1:x" });
  sns.on(PublishCommand).resolves({ MessageId: "m" });
  sqs.on(SendMessageCommand).resolves({ MessageId: "q" });
  useRuntime("scale-ecs", runtime());
});

describe("scale-ecs under a pause with an expiry (SSM value as the Slack button writes it)", () => {
  it("holds with reason paused, naming who and until when, then resumes by itself after the expiry", async () => {
    parameter('{"by":"U024BE7LH","until":"2026-11-27T03:18:00.000Z"}');

    const held = await invoke(fixture("cloudwatch/cpu-high.alarm"));

    expect(held).toMatchObject({ outcome: "hold", code: "paused", status: "applied" });
    expect((held as { reason: string }).reason).toBe(
      "the kill switch is on: automatic actions are paused by U024BE7LH until 2026-11-27T03:18:00.000Z",
    );
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
    expect(JSON.stringify(servers.slack.calls("chat.postMessage")[0]?.body)).toContain("paused by U024BE7LH until");
    const [audit] = await readAudit(store, ALARM);
    expect(audit?.plan).toMatchObject({ outcome: "hold", code: "paused" });

    // The hold's follow-up comes back after the cooldown, past the pause's expiry: the step is taken.
    const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    expect(JSON.parse(body)).toMatchObject({ kind: "hero365.follow-up" });
    clock = new Date("2026-11-27T03:20:31.000Z");
    const resumed = await invoke({ Records: [sqsRecord("follow-up", body)] });

    expect(resumed).toEqual({ batchItemFailures: [] });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
  });

  it("holds until resumed when the value is true, as an operator types it by hand", async () => {
    parameter("true");

    const held = await invoke(fixture("cloudwatch/cpu-high.alarm"));

    expect(held).toMatchObject({ outcome: "hold", code: "paused" });
    expect((held as { reason: string }).reason).toBe(
      "the kill switch is on: automatic actions are paused until resumed",
    );
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  it("acts at once when the pause expired before the alarm fired", async () => {
    parameter('{"by":"U024BE7LH","until":"2026-11-27T03:15:00.000Z"}');

    const result = await invoke(fixture("cloudwatch/cpu-high.alarm"));

    expect(result).toMatchObject({ outcome: "act", status: "applied" });
    expect(aas.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
  });

  it("acts when the parameter does not exist", async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "not found", $metadata: {} }));

    const result = await invoke(fixture("cloudwatch/cpu-high.alarm"));

    expect(result).toMatchObject({ outcome: "act" });
  });
});
