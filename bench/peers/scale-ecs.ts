/**
 * Peer of scale-ecs: the same calls in the same order, one after another. Read the service and its scalable
 * target, the kill switch and the alarm's current state, the episode and the service's recent actions, claim
 * the step, raise the floor, record it, tell Slack and the alerts topic, queue the follow-up, record the audit.
 */
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetParameterCommand, ParameterNotFound, SSMClient } from "@aws-sdk/client-ssm";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AlarmEvent, claim, env, get, put, query, slack } from "./common.js";

/** The secrets its function is bound to (core/config/required-secrets.ts), read from SSM together. */
const SECRETS = ["SLACK_BOT_TOKEN", "PAGERDUTY_ROUTING_KEY"];

const ecs = new ECSClient({});
const aas = new ApplicationAutoScalingClient({});
const ssm = new SSMClient({});
const cloudwatch = new CloudWatchClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});
const sqs = new SQSClient({});

const CLUSTER = "hero365-cluster";

async function paused(): Promise<boolean> {
  try {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: env("KILL_SWITCH_PARAMETER") }));
    return Parameter?.Value === "true";
  } catch (error) {
    if (error instanceof ParameterNotFound) return false;
    throw error;
  }
}

export const handler = async (event: AlarmEvent) => {
  const { alarmName, state } = event.detail;
  const target = alarmName.endsWith("-frontend") ? "frontend" : "backend";
  const service = `hero365-${target}`;
  const resourceId = `service/${CLUSTER}/${service}`;
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }));
  const { ScalableTargets } = await aas.send(
    new DescribeScalableTargetsCommand({ ServiceNamespace: "ecs", ResourceIds: [resourceId] }),
  );
  if (await paused()) return { outcome: "skip", reason: "paused" };
  const current = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  if (current.MetricAlarms?.[0]?.StateValue !== state.value) return { outcome: "skip", reason: "stale" };
  await query(db, `ACTIONS#${service}`);
  await query(db, `EPISODES#${alarmName}`);
  await get(db, `EPISODE#${alarmName}`, state.timestamp);
  await get(db, `FLOOR#${service}`, "CURRENT");
  await get(db, `BUDGET#${service}`, "HOUR");
  if (!(await claim(db, `STEP#${alarmName}`, state.timestamp))) return { outcome: "skip", reason: "done" };
  const running = services?.[0]?.desiredCount ?? 1;
  const max = ScalableTargets?.[0]?.MaxCapacity ?? running;
  const floor = Math.min(max, running + 1);
  await aas.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: "ecs",
      ResourceId: resourceId,
      ScalableDimension: "ecs:service:DesiredCount",
      MinCapacity: floor,
    }),
  );
  await put(db, { pk: `ACTIONS#${service}`, sk: new Date().toISOString(), floor });
  await put(db, { pk: `EPISODE#${alarmName}`, sk: state.timestamp, step: 1, floor });
  await put(db, { pk: `FLOOR#${service}`, sk: "CURRENT", floor });
  const message = await slack(`${alarmName}: scaled ${service} out ${running} → ${floor}`, SECRETS);
  await get(db, `EPISODE#${alarmName}`, "SLACK");
  await put(db, { pk: `EPISODE#${alarmName}`, sk: "SLACK", ts: message.ts });
  await sns.send(
    new PublishCommand({
      TopicArn: env("ALERTS_TOPIC_ARN"),
      Subject: `${alarmName} scaled out`,
      Message: state.reason,
    }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: env("FOLLOW_UP_QUEUE_URL"),
      DelaySeconds: 300,
      MessageBody: JSON.stringify({ alarmName, step: 2, episode: state.timestamp }),
    }),
  );
  await put(db, { pk: `AUDIT#${alarmName}`, sk: `${state.timestamp}#scale`, floor });
  await put(db, { pk: `STEP#${alarmName}`, sk: state.timestamp, status: "done" });
  return { outcome: "act", status: "applied", floor };
};
