/**
 * Powertools idempotency records in the state table. The table's keys are `pk`/`sk` strings and its TTL
 * attribute `expiresAt` (epoch seconds, which is what Powertools writes to its expiry attribute), so the
 * records share the table rather than needing their own: `pk` = `IDEMPOTENCY`, `sk` = the hashed key.
 *
 * One partition key for every record (Powertools' composite-key layout): a PDF costs two writes there (in
 * progress, completed), so a partition's 1,000 writes/s is about 500 PDFs/s, and DynamoDB splits a hot
 * partition by sort key beyond that.
 */

import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

export const IDEMPOTENCY_PARTITION = "IDEMPOTENCY";

export function stateTableIdempotency(client: DynamoDBClient, tableName: string): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName,
    awsSdkV3Client: client,
    keyAttr: "pk",
    sortKeyAttr: "sk",
    staticPkValue: IDEMPOTENCY_PARTITION,
    expiryAttr: "expiresAt",
  });
}
