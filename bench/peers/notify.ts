/**
 * Peer of notify: the same calls in the same order, one after another, the simplest honest way. Read the
 * alarm's current state, the episode and its notices, claim the step, post to Slack, remember the message,
 * publish to the alerts topic, record the audit.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AlarmEvent, claim, env, get, put, query, slack } from "./common.js";

/** The secrets its function is bound to (core/config/required-secrets.ts), read from SSM together. */
const SECRETS = ["SLACK_BOT_TOKEN"];

const cloudwatch = new CloudWatchClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});

export const handler = async (event: AlarmEvent) => {
  const { alarmName, state } = event.detail;
  const current = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  if (current.MetricAlarms?.[0]?.StateValue !== state.value) return { outcome: "skip", reason: "stale" };
  const episode = await get(db, `EPISODE#${alarmName}`, state.timestamp);
  await query(db, `NOTICES#${alarmName}`);
  if (!(await claim(db, `STEP#${alarmName}`, state.timestamp))) return { outcome: "skip", reason: "done" };
  const message = await slack(`${alarmName} fired: ${state.reason}`, SECRETS);
  await get(db, `EPISODE#${alarmName}`, "SLACK");
  await put(db, { pk: `EPISODE#${alarmName}`, sk: "SLACK", ts: message.ts, episode: episode?.sk ?? state.timestamp });
  await sns.send(
    new PublishCommand({ TopicArn: env("ALERTS_TOPIC_ARN"), Subject: `${alarmName} ALARM`, Message: state.reason }),
  );
  await put(db, { pk: `AUDIT#${alarmName}`, sk: `${state.timestamp}#notify`, effects: ["slack", "sns"] });
  await put(db, { pk: `STEP#${alarmName}`, sk: state.timestamp, status: "done" });
  return { outcome: "act", status: "applied" };
};
