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
  | { kind: "equals"; attribute: string; value: string | number }
  /** The item has no such attribute (or no item exists yet). */
  | { kind: "missing"; attribute: string };

/**
 * An attribute-level write (DynamoDB UpdateItem): only the named attributes change, so two writers that own
 * different attributes of one item never overwrite each other. The item is created when absent.
 */
export interface AttributeUpdate {
  pk: string;
  sk: string;
  /** Attributes set to these values (`SET`); undefined values are left out. */
  set: Record<string, unknown>;
  /** Attributes set only where the item has none yet (`if_not_exists`). */
  setIfAbsent?: Record<string, unknown>;
  /** Adds one to the numeric `version` attribute (from 0 when absent), for optimistic concurrency. */
  bumpVersion?: boolean;
}

/** The state table, as small as DynamoDB's conditional writes need it to be. */
export interface ItemStore {
  get(pk: string, sk: string): Promise<Item | undefined>;
  /** Writes `item` if `condition` holds; false when it does not (nothing written). */
  put(item: Item, condition?: Condition): Promise<boolean>;
  /** Updates the attributes `update` names if `condition` holds; false when it does not (nothing written). */
  update(update: AttributeUpdate, condition?: Condition): Promise<boolean>;
  delete(pk: string, sk: string): Promise<void>;
  /** Items of one partition, sk ascending, optionally only those with sk >= `fromSk`. */
  query(pk: string, fromSk?: string): Promise<Item[]>;
}

/** What the applier hands an executor beside its effect. */
export interface ExecutionContext {
  /**
   * Steps the kernel claimed beside the plan's own (`Plan.alongside`): an executor that guards its work with
   * one of them takes it from here instead of claiming it again.
   */
  held?: { take(key: string): boolean };
}

/** Carries out one effect. A wrapper passes `context` on with the effect. */
export type Executor<T extends EffectType> = (
  effect: EffectRegistry[T],
  context?: ExecutionContext,
) => Promise<unknown>;
export type Executors = { [T in EffectType]?: Executor<T> };
