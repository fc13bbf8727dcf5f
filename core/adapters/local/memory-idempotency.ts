/**
 * Powertools idempotency records in memory, with the DynamoDB layer's rule for taking a key: absent, expired,
 * or in progress past its holder's deadline. For the local world and unit tests; deployed functions and the
 * integration tests use `DynamoDBPersistenceLayer` on the state table.
 */
import { IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from "@aws-lambda-powertools/idempotency";
import { BasePersistenceLayer, type IdempotencyRecord } from "@aws-lambda-powertools/idempotency/persistence";

export class MemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  protected override async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected override async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const takeable =
      !existing ||
      existing.isExpired() ||
      (existing.getStatus() === "INPROGRESS" &&
        existing.inProgressExpiryTimestamp !== undefined &&
        existing.inProgressExpiryTimestamp < Date.now());
    if (!takeable) {
      throw new IdempotencyItemAlreadyExistsError(`idempotency key ${record.idempotencyKey} is taken`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected override async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected override async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}
