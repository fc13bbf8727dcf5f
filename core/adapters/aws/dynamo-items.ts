/**
 * The state table on DynamoDB. Conditional writes map one to one onto `ConditionExpression`s;
 * a failed condition is an answer (false), not an error.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { AttributeUpdate, Condition, Item, ItemStore } from "../../kernel/ports.js";

export function dynamoItemStore(client: DynamoDBClient, tableName: string): ItemStore {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return {
    async get(pk, sk) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: { pk, sk }, ConsistentRead: true }));
      return Item as Item | undefined;
    },
    async put(item, condition) {
      try {
        await doc.send(new PutCommand({ TableName: tableName, Item: item, ...conditionExpression(condition) }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async update(update, condition) {
      const write = updateExpression(update);
      const guard = conditionExpression(condition);
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: update.pk, sk: update.sk },
            UpdateExpression: write.expression,
            ...(guard.ConditionExpression && { ConditionExpression: guard.ConditionExpression }),
            ExpressionAttributeNames: { ...write.names, ...guard.ExpressionAttributeNames },
            ExpressionAttributeValues: { ...write.values, ...guard.ExpressionAttributeValues },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async delete(pk, sk) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: { pk, sk } }));
    },
    async query(pk, fromSk) {
      const items: Item[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: fromSk ? "pk = :pk AND sk >= :from" : "pk = :pk",
            ExpressionAttributeValues: { ":pk": pk, ...(fromSk && { ":from": fromSk }) },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...((page.Items ?? []) as Item[]));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}

/** `SET #s0 = :s0, #i0 = if_not_exists(#i0, :i0), #version = if_not_exists(#version, :zero) + :one`. */
function updateExpression(update: AttributeUpdate): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
} {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const defined = (attributes: Record<string, unknown> = {}) =>
    Object.entries(attributes).filter(([, value]) => value !== undefined);
  defined(update.set).forEach(([name, value], i) => {
    names[`#s${i}`] = name;
    values[`:s${i}`] = value;
    clauses.push(`#s${i} = :s${i}`);
  });
  defined(update.setIfAbsent).forEach(([name, value], i) => {
    names[`#i${i}`] = name;
    values[`:i${i}`] = value;
    clauses.push(`#i${i} = if_not_exists(#i${i}, :i${i})`);
  });
  if (update.bumpVersion) {
    names["#version"] = "version";
    Object.assign(values, { ":zero": 0, ":one": 1 });
    clauses.push("#version = if_not_exists(#version, :zero) + :one");
  }
  return { expression: `SET ${clauses.join(", ")}`, names, values };
}

function conditionExpression(
  condition: Condition | undefined,
): Pick<PutCommandInput, "ConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
  switch (condition?.kind) {
    case undefined:
      return {};
    case "absent":
      return { ConditionExpression: "attribute_not_exists(pk)" };
    case "absentOrBelow":
      return {
        ConditionExpression: "attribute_not_exists(pk) OR #a < :v",
        ExpressionAttributeNames: { "#a": condition.attribute },
        ExpressionAttributeValues: { ":v": condition.value },
      };
    case "equals":
      return {
        ConditionExpression: "#a = :v",
        ExpressionAttributeNames: { "#a": condition.attribute },
        ExpressionAttributeValues: { ":v": condition.value },
      };
    case "missing":
      return {
        ConditionExpression: "attribute_not_exists(#a)",
        ExpressionAttributeNames: { "#a": condition.attribute },
      };
  }
}
