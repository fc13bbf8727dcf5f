/**
 * Peer of page-oncall: the same calls in the same order, one after another. Read the alarm's current state,
 * the episode, the page history, diagnostics (metrics, the service, the top errors from Logs Insights), claim
 * the step, page PagerDuty, tell Slack and the on-call topic, queue the re-page, record the audit.
 */
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AlarmEvent, api, claim, env, get, postJson, put, query, secret, slack } from "./common.js";

/** The secrets its function is bound to (core/config/required-secrets.ts), read from SSM together. */
const SECRETS = ["SLACK_BOT_TOKEN", "PAGERDUTY_ROUTING_KEY"];

const cloudwatch = new CloudWatchClient({});
const logs = new CloudWatchLogsClient({});
const ecs = new ECSClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});
const sqs = new SQSClient({});

export const handler = async (event: AlarmEvent) => {
  const { alarmName, state } = event.detail;
  const service = "hero365-backend";
  const current = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  if (current.MetricAlarms?.[0]?.StateValue !== state.value) return { outcome: "skip", reason: "stale" };
  await get(db, `EPISODE#${alarmName}`, state.timestamp);
  await query(db, `PAGES#${alarmName}`);
  const end = new Date();
  const start = new Date(end.getTime() - 15 * 60_000);
  const metrics = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: start,
      EndTime: end,
      MetricDataQueries: ["CPUUtilization", "MemoryUtilization"].map((name, i) => ({
        Id: `m${i}`,
        MetricStat: {
          Metric: {
            Namespace: "AWS/ECS",
            MetricName: name,
            Dimensions: [
              { Name: "ClusterName", Value: "hero365-cluster" },
              { Name: "ServiceName", Value: service },
            ],
          },
          Period: 60,
          Stat: "Average",
        },
      })),
    }),
  );
  const { services } = await ecs.send(new DescribeServicesCommand({ cluster: "hero365-cluster", services: [service] }));
  const { queryId } = await logs.send(
    new StartQueryCommand({
      logGroupName: "/ecs/hero365-backend",
      startTime: Math.floor(start.getTime() / 1000),
      endTime: Math.floor(end.getTime() / 1000),
      queryString: "fields @message | filter @message like /(?i)error/ | stats count() by @message | limit 5",
    }),
  );
  const errors = await logs.send(new GetQueryResultsCommand({ queryId }));
  if (!(await claim(db, `STEP#${alarmName}`, state.timestamp))) return { outcome: "skip", reason: "done" };
  const summary = `${alarmName}: ${state.reason} (${metrics.MetricDataResults?.length} metrics, ${services?.[0]?.runningCount} tasks, ${errors.results?.length} error lines)`;
  await postJson(`${api()}/pagerduty/v2/enqueue`, {
    routing_key: await secret("PAGERDUTY_ROUTING_KEY", SECRETS),
    event_action: "trigger",
    dedup_key: `${alarmName}#${state.timestamp}`,
    payload: { summary, source: service, severity: "critical" },
  });
  const message = await slack(summary, SECRETS);
  await get(db, `EPISODE#${alarmName}`, "SLACK");
  await put(db, { pk: `EPISODE#${alarmName}`, sk: "SLACK", ts: message.ts });
  await sns.send(
    new PublishCommand({ TopicArn: env("ONCALL_TOPIC_ARN"), Subject: `${alarmName} page`, Message: summary }),
  );
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: env("FOLLOW_UP_QUEUE_URL"),
      DelaySeconds: 900,
      MessageBody: JSON.stringify({ alarmName, step: 2, episode: state.timestamp }),
    }),
  );
  await put(db, { pk: `AUDIT#${alarmName}`, sk: `${state.timestamp}#page`, summary });
  await put(db, { pk: `STEP#${alarmName}`, sk: state.timestamp, status: "done" });
  return { outcome: "act", status: "applied" };
};
