/**
 * Ports: the interfaces every side effect goes through. Adapters (core/adapters/) implement them for AWS,
 * for tests and for the local world; decisions never see them.
 */
import type { EffectRegistry, EffectType } from "./effects.js";

/** A stored item of the state table: string keys `pk`/`sk`, TTL in `expiresAt` (epoch seconds). */
export interface Item {
  pk: string;
  sk: string;
  expiresAt?: number;
  [attribute: string]: unknown;
}

/** When a conditional write may proceed. */
export type Condition =
  | { kind: "absent" }
  | { kind: "absentOrBelow"; attribute: string; value: number }
  | { kind: "equals"; attribute: string; value: string | number };

/** The state table, as small as DynamoDB's conditional writes need it to be. */
export interface ItemStore {
  get(pk: string, sk: string): Promise<Item | undefined>;
  /** Writes `item` if `condition` holds; false when it does not (nothing written). */
  put(item: Item, condition?: Condition): Promise<boolean>;
  delete(pk: string, sk: string): Promise<void>;
  /** Items of one partition, sk ascending, optionally only those with sk >= `fromSk`. */
  query(pk: string, fromSk?: string): Promise<Item[]>;
}

export type Executor<T extends EffectType> = (effect: EffectRegistry[T]) => Promise<unknown>;
export type Executors = { [T in EffectType]?: Executor<T> };
