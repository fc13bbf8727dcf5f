/**
 * What the hand-written peers share: the alarm event's shape, the state-table writes a careful hand-written
 * reaction makes (claim the step, record what was done), and the outside APIs' HTTP calls. Plain functions,
 * no framework; each peer constructs its own SDK clients at module scope.
 */
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

const ssm = new SSMClient({});
let secrets: Promise<Map<string, string>> | undefined;

/**
 * A secret, as SST stores it in SSM: the peer's secrets are read together the first time one is needed
 * (`SECRETS` of the peer, the ones its function is bound to), then kept for the container.
 */
export async function secret(name: string, all: readonly string[]): Promise<string> {
  const path = (n: string) => `${env("SST_SSM_PREFIX")}Secret/${n}/value`;
  secrets ??= ssm
    .send(new GetParametersCommand({ Names: all.map(path), WithDecryption: true }))
    .then((out) => new Map(all.map((n) => [n, out.Parameters?.find((p) => p.Name === path(n))?.Value ?? ""])));
  const value = (await secrets).get(name);
  if (!value) throw new Error(`secret ${name} is not set`);
  return value;
}

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

/**
 * Claims a step with one conditional write, as a careful hand-written handler would: false when it was
 * claimed before (a duplicate delivery: nothing to do).
 */
export async function claim(db: DynamoDBDocumentClient, pk: string, sk: string): Promise<boolean> {
  try {
    await put(db, { pk, sk, status: "claimed" }, true);
    return true;
  } catch (error) {
    if ((error as Error).name === "ConditionalCheckFailedException") return false;
    throw error;
  }
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

export async function slack(text: string, secrets: readonly string[]) {
  return postJson(
    `${api()}/slack/api/chat.postMessage`,
    { channel: "#hero365-alerts", text },
    { authorization: `Bearer ${await secret("SLACK_BOT_TOKEN", secrets)}` },
  );
}
