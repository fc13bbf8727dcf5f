import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { cloudWatchAlarmReader } from "../../core/adapters/aws/cloudwatch-alarms.js";
import type { FollowUp } from "../../core/alarms/follow-up.js";
import { ConfigurationError } from "../../core/kernel/errors.js";
import { reconcileAwsRuntime } from "../../functions/lib/reconcile-runtime.js";

const sqs = mockClient(SQSClient);
const cloudwatch = mockClient(CloudWatchClient);
const SCALE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/scale-ecs-follow-ups";
const PAGE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/page-oncall-follow-ups";
const env = {
  SST_STAGE: "prod",
  STATE_TABLE_NAME: "state",
  SCALE_ECS_FOLLOW_UP_QUEUE_URL: SCALE_URL,
  PAGE_ONCALL_FOLLOW_UP_QUEUE_URL: PAGE_URL,
};

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: "q-1" });
  cloudwatch.reset();
});

const followUp = (functionName: string): FollowUp => ({
  kind: "hero365.follow-up",
  functionName,
  alarmName: "hero365-prod-error-rate-high-backend",
  episodeKey: "hero365-prod-error-rate-high-backend#2026-11-27T14:16:21.310+0000",
  step: 1,
  dueAt: "2026-11-27T14:46:21.310Z",
});

describe("the reconciler's AWS runtime", () => {
  it("sends a follow-up to the queue of the function that follows the episode up", async () => {
    const send = reconcileAwsRuntime(env).executors["sqs.SendMessage"];

    await send?.({ type: "sqs.SendMessage", queue: "followUps", body: followUp("page-oncall"), delaySeconds: 0 });
    await send?.({ type: "sqs.SendMessage", queue: "followUps", body: followUp("scale-ecs"), delaySeconds: 0 });

    expect(sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input.QueueUrl)).toEqual([PAGE_URL, SCALE_URL]);
  });

  it("refuses a follow-up for a function it has no queue for", async () => {
    const send = reconcileAwsRuntime(env).executors["sqs.SendMessage"];

    await expect(
      send?.({ type: "sqs.SendMessage", queue: "followUps", body: followUp("notify"), delaySeconds: 0 }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(sqs.commandCalls(SendMessageCommand)).toEqual([]);
  });
});

describe("cloudWatchAlarmReader.readMany", () => {
  it("reads many alarms in one DescribeAlarms call; an alarm CloudWatch does not return is absent", async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        {
          AlarmName: "hero365-prod-cpu-high-backend",
          StateValue: "OK",
          StateReason: "Threshold Crossed",
          StateUpdatedTimestamp: new Date("2026-11-27T14:26:21.310Z"),
        },
      ],
    });

    const states = await cloudWatchAlarmReader(new CloudWatchClient({})).readMany([
      "hero365-prod-cpu-high-backend",
      "hero365-prod-cpu-high-gone",
    ]);

    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)).toHaveLength(1);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input.AlarmNames).toEqual([
      "hero365-prod-cpu-high-backend",
      "hero365-prod-cpu-high-gone",
    ]);
    expect([...states.entries()]).toEqual([
      [
        "hero365-prod-cpu-high-backend",
        { value: "OK", reason: "Threshold Crossed", timestamp: "2026-11-27T14:26:21.310Z" },
      ],
    ]);
  });
});
