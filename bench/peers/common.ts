/**
 * What the hand-written peers share: the alarm event's shape, the state-table writes a careful hand-written
 * reaction makes (claim the step, record what was done), and the outside APIs' HTTP calls. Plain functions,
 * no framework; each peer constructs its own SDK clients at module scope.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

export interface AlarmEvent {
  id: string;
  detail: { alarmName: string; state: { value: string; reason: string; timestamp: string } };
}

export const env = (name: string): string => process.env[name] ?? "";
export const table = () => env("STATE_TABLE_NAME");
export const api = () => env("HERO365_BENCH_API_URL");

export async function get(db: DynamoDBDocumentClient, pk: string, sk: string) {
  return (await db.send(new GetCommand({ TableName: table(), Key: { pk, sk } }))).Item;
}

export async function query(db: DynamoDBDocumentClient, pk: string) {
  return (
    await db.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ScanIndexForward: false,
        Limit: 20,
      }),
    )
  ).Items;
}

export async function put(db: DynamoDBDocumentClient, item: Record<string, unknown>, onlyIfNew = false) {
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: item,
      ...(onlyIfNew && { ConditionExpression: "attribute_not_exists(pk)" }),
    }),
  );
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

export async function slack(text: string) {
  return postJson(
    `${api()}/slack/api/chat.postMessage`,
    { channel: "#hero365-alerts", text },
    { authorization: `Bearer ${env("SST_Secret_value_SLACK_BOT_TOKEN")}` },
  );
}
