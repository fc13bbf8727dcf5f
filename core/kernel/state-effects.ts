/**
 * Bookkeeping writes to the state table (episodes, action history) as effects: applied after the reaction's
 * own effects in the same plan, recorded (not applied) in dry-run like everything else.
 */
import type { Item } from "./ports.js";

export interface DynamodbPutItem {
  type: "dynamodb.PutItem";
  item: Item;
}

declare module "./effects.js" {
  interface EffectRegistry {
    "dynamodb.PutItem": DynamodbPutItem;
  }
}
