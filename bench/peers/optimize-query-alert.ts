/**
 * Peer of optimize-query-alert: the same calls in the same order, one after another. Read the alarm's current
 * state, the episode and the last alert, the query statistics from the database (the bench database has no
 * pg_stat_statements, so both stop at the extension check), claim the step, tell Slack and the alerts topic,
 * record the audit.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import postgres from "postgres";
import { type AlarmEvent, claim, env, get, put, query, secret, slack } from "./common.js";

/** The secrets its function is bound to (core/config/required-secrets.ts), read from SSM together. */
const SECRETS = ["SLACK_BOT_TOKEN", "SUPABASE_DB_URL"];

const cloudwatch = new CloudWatchClient({});
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});

async function statistics(): Promise<string> {
  const sql = postgres(await secret("SUPABASE_DB_URL", SECRETS), { max: 1, onnotice: () => undefined });
  try {
    const extensions = await sql<{ extname: string }[]>`select extname from pg_extension`;
    if (!extensions.some((e) => e.extname === "pg_stat_statements")) return "pg_stat_statements is not installed";
    const top = await sql`select query, calls, rows from pg_stat_statements order by rows desc limit 5`;
    return top.map((row) => String(row.query)).join("\n");
  } finally {
    await sql.end({ timeout: 2 });
  }
}

export const handler = async (event: AlarmEvent) => {
  const { alarmName, state } = event.detail;
  const current = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] }));
  if (current.MetricAlarms?.[0]?.StateValue !== state.value) return { outcome: "skip", reason: "stale" };
  if (state.value !== "ALARM") return { outcome: "skip", reason: "resolved" };
  await get(db, `EPISODE#${alarmName}`, state.timestamp);
  await get(db, `ALERT#${alarmName}`, "LAST");
  await query(db, `NOTICES#${alarmName}`);
  const queries = await statistics();
  if (!(await claim(db, `STEP#${alarmName}`, state.timestamp))) return { outcome: "skip", reason: "done" };
  const message = await slack(`Egress above 80 % of the plan: optimize these queries\n${queries}`, SECRETS);
  await get(db, `EPISODE#${alarmName}`, "SLACK");
  await put(db, { pk: `EPISODE#${alarmName}`, sk: "SLACK", ts: message.ts });
  await sns.send(
    new PublishCommand({ TopicArn: env("ALERTS_TOPIC_ARN"), Subject: "Optimize queries", Message: queries }),
  );
  await put(db, { pk: `AUDIT#${alarmName}`, sk: `${state.timestamp}#alert`, queries });
  await put(db, { pk: `STEP#${alarmName}`, sk: state.timestamp, status: "done" });
  return { outcome: "act", status: "applied" };
};
