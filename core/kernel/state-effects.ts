/**
 * Bookkeeping writes to the state table (episodes, action history) as effects: applied after the reaction's
 * own effects in the same plan, recorded (not applied) in dry-run like everything else.
 */
import type { AttributeUpdate, Condition, Item } from "./ports.js";

export interface DynamodbPutItem {
  type: "dynamodb.PutItem";
  item: Item;
}

/** Sets only some attributes of an item, so the writers of an item's other attributes keep theirs. */
export interface DynamodbUpdateItem extends AttributeUpdate {
  type: "dynamodb.UpdateItem";
  condition?: Condition;
}

declare module "./effects.js" {
  interface EffectRegistry {
    "dynamodb.PutItem": DynamodbPutItem;
    "dynamodb.UpdateItem": DynamodbUpdateItem;
  }
}
