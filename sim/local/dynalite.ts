/**
 * A real DynamoDB-compatible server (dynalite, in memory) on a loopback port, with the state table: the
 * simulator's state store and the integration tests'.
 */
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface LocalDynamo {
  client: DynamoDBClient;
  endpoint: string;
  createTable(name: string, keys?: { pk: string; sk?: string }): Promise<void>;
  close(): Promise<void>;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
  return {
    client,
    endpoint,
    async createTable(name, keys = { pk: "pk", sk: "sk" }) {
      const attributes = [keys.pk, ...(keys.sk ? [keys.sk] : [])];
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: attributes.map((a) => ({ AttributeName: a, AttributeType: "S" })),
          KeySchema: [
            { AttributeName: keys.pk, KeyType: "HASH" },
            ...(keys.sk ? [{ AttributeName: keys.sk, KeyType: "RANGE" as const }] : []),
          ],
        }),
      );
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
