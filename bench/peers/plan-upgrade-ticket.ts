/**
 * Peer of plan-upgrade-ticket: the same calls in the same order, one after another. Read the alarm's current
 * state, the episode and the ticket ledger, the last hour of the three connection metrics, claim the step and
 * the ticket, open the GitHub issue, record it and the audit.
 */
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AlarmEvent, api, claim, get, postJson, put, secret } from "./common.js";

/** The secrets its function is bound to (core/config/required-secrets.ts), read from SSM together. */
const SECRETS = ["SLACK_BOT_TOKEN", "GITHUB_TOKEN"];

const cloudwatch = new CloudWatchClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const PROJECT = "hero365prodprojectrf";

async function lastHour(metricName: string) {
  const end = new Date();
  const out = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - 3_600_000),
      EndTime: end,
      MetricDataQueries: [
        {
          Id: "m",
          MetricStat: {
            Metric: {
              Namespace: "Hero365/Supabase",
              MetricName: metricName,
              Dimensions: [{ Name: "ProjectRef", Value: PROJECT }],
            },
            Period: 60,
            Stat: "Maximum",
          },
        },
      ],
    }),
  );
  return out.MetricDataResults?.[0]?.Values ?? [];
}

export const handler = async (event: AlarmEvent) => {
  const { alarmName, state } = event.detail;
  const current = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  if (current.MetricAlarms?.[0]?.StateValue !== state.value) return { outcome: "skip", reason: "stale" };
  if (state.value !== "ALARM") return { outcome: "skip", reason: "resolved" };
  await get(db, `EPISODE#${alarmName}`, state.timestamp);
  const ledger = await get(db, `TICKET#${PROJECT}`, "db-connections-high");
  const utilisation = await lastHour("ConnectionUtilization");
  const active = await lastHour("ActiveConnections");
  const max = await lastHour("MaxConnections");
  if (!(await claim(db, `STEP#${alarmName}`, state.timestamp))) return { outcome: "skip", reason: "done" };
  if (ledger) return { outcome: "skip", reason: "ticket open" };
  await get(db, `TICKET#${PROJECT}`, "db-connections-high#1");
  await put(db, { pk: `TICKET#${PROJECT}`, sk: "db-connections-high#1", status: "opening" }, true);
  const issue = await postJson(
    `${api()}/github/repos/hero365/platform/issues`,
    {
      title: `Supabase connections above 80 % on ${PROJECT}: upgrade the compute size`,
      body: `Connections ${active[0]}/${max[0]}, utilisation last hour max ${Math.max(...utilisation)} %.`,
      labels: ["capacity"],
    },
    { authorization: `Bearer ${await secret("GITHUB_TOKEN", SECRETS)}`, accept: "application/vnd.github+json" },
  );
  await put(db, { pk: `TICKET#${PROJECT}`, sk: "db-connections-high#1", number: issue.number });
  await put(db, { pk: `TICKET#${PROJECT}`, sk: "db-connections-high", number: issue.number });
  await put(db, { pk: `AUDIT#${alarmName}`, sk: `${state.timestamp}#ticket`, number: issue.number });
  await put(db, { pk: `STEP#${alarmName}`, sk: state.timestamp, status: "done" });
  return { outcome: "act", status: "applied", issue: issue.number };
};
