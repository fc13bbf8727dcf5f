/**
 * The state table in memory, with the same semantics as the DynamoDB adapter on DynamoDB: conditional writes,
 * UpdateItem's attribute-level writes, queries in DynamoDB's sort-key order (UTF-8 bytes), and the writes
 * DynamoDB refuses refused here too (an item over 400 KB, an empty key, a number it cannot store).
 * `test/integration/item-store-contract.test.ts` runs the same random histories against both (the DynamoDB one
 * on dynalite) and requires the same answers. Used by unit tests, the local world and the simulator.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import type { AttributeUpdate, Condition, Item, ItemStore } from "../../kernel/ports.js";

/** DynamoDB's largest item, attribute names included. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** A write DynamoDB would refuse (its `ValidationException`). */
export class ItemValidationError extends Error {
  override name = "ValidationException";
}

export function memoryItemStore(initial: Item[] = []): ItemStore & { items(): Item[] } {
  const partitions = new Map<string, Partition>();
  const existing = (pk: string, sk: string) => partitions.get(pk)?.items.get(sk);
  const write = (item: Item) => {
    let partition = partitions.get(item.pk);
    if (!partition) {
      partition = { items: new Map(), keys: [] };
      partitions.set(item.pk, partition);
    }
    if (!partition.items.has(item.sk)) partition.keys.splice(firstAtOrAfter(partition.keys, item.sk), 0, item.sk);
    partition.items.set(item.sk, item);
  };
  for (const item of initial) write(checkedItem(copyOf(item)));
  return {
    async get(pk, sk) {
      checkKey(pk, sk);
      const item = existing(pk, sk);
      return item && copyOf(item);
    },
    async put(item, condition) {
      const written = checkedItem(copyOf(item));
      if (!conditionHolds(existing(item.pk, item.sk), condition)) return false;
      write(written);
      return true;
    },
    async update(update, condition) {
      checkKey(update.pk, update.sk);
      checkUpdate(update);
      const before = existing(update.pk, update.sk);
      const after = checkedItem(updatedItem(before, copyOf(update)));
      if (!conditionHolds(before, condition)) return false;
      // `if_not_exists(version, 0) + 1` adds numbers only: DynamoDB refuses it on any other version.
      if (update.bumpVersion && before?.version !== undefined && typeof before.version !== "number")
        throw new ItemValidationError("An operand in the update expression has an incorrect data type");
      write(after);
      return true;
    },
    async delete(pk, sk) {
      checkKey(pk, sk);
      const partition = partitions.get(pk);
      if (!partition?.items.delete(sk)) return;
      partition.keys.splice(firstAtOrAfter(partition.keys, sk), 1);
    },
    async query(pk, fromSk) {
      const partition = partitions.get(pk);
      if (!partition) return [];
      const from = fromSk === undefined ? 0 : firstAtOrAfter(partition.keys, fromSk);
      return partition.keys.slice(from).map((sk) => copyOf(partition.items.get(sk) as Item));
    },
    items: () => [...partitions.values()].flatMap(({ items }) => [...items.values()]).map((item) => copyOf(item)),
  };
}

/**
 * A deep copy, as a fresh read from DynamoDB would be: plain objects, arrays and primitives copied by hand
 * (several times faster than structuredClone on the small records of the state table), anything else (a Set,
 * bytes) by structuredClone.
 */
export function copyOf<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = copyOf((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** One partition: its items by sort key, and the sort keys in DynamoDB's order (kept sorted as items come). */
interface Partition {
  items: Map<string, Item>;
  keys: string[];
}

/** The index of the first key at or after `sk` in sorted `keys`. */
function firstAtOrAfter(keys: readonly string[], sk: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareUtf8(keys[mid] as string, sk) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The item as DynamoDB's UpdateItem leaves it: the named attributes set, the others kept, the item created
 * when absent.
 */
export function updatedItem(existing: Item | undefined, update: AttributeUpdate): Item {
  const item: Item = { ...(existing ?? { pk: update.pk, sk: update.sk }) };
  for (const [name, value] of Object.entries(update.setIfAbsent ?? {})) {
    if (value !== undefined && item[name] === undefined) item[name] = value;
  }
  for (const [name, value] of Object.entries(update.set)) {
    if (value !== undefined) item[name] = value;
  }
  if (update.bumpVersion) item.version = ((item.version as number | undefined) ?? 0) + 1;
  return item;
}

/** Whether a conditional write may proceed against the item there now (undefined: none). */
export function conditionHolds(existing: Item | undefined, condition: Condition | undefined): boolean {
  switch (condition?.kind) {
    case undefined:
      return true;
    case "absent":
      return existing === undefined;
    case "absentOrBelow": {
      const value = existing?.[condition.attribute];
      // DynamoDB's `<` is false when the attribute is missing or of another type.
      return existing === undefined || (typeof value === "number" && value < condition.value);
    }
    case "equals":
      return existing !== undefined && existing[condition.attribute] === condition.value;
    case "missing":
      return existing?.[condition.attribute] === undefined;
  }
}

/**
 * Strings in DynamoDB's sort-key order, their UTF-8 bytes, without encoding them: UTF-16 code units order
 * the same way except a surrogate (a character beyond U+FFFF, four UTF-8 bytes) against U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) && y >= 0xe000) return 1;
    if (isSurrogate(y) && x >= 0xe000) return -1;
    return x - y;
  }
  return a.length - b.length;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** The update expression the DynamoDB adapter would send must be one DynamoDB accepts. */
function checkUpdate(update: AttributeUpdate): void {
  const defined = (attributes: Record<string, unknown> = {}) =>
    Object.keys(attributes).filter((name) => attributes[name] !== undefined);
  const names = [...defined(update.set), ...defined(update.setIfAbsent), ...(update.bumpVersion ? ["version"] : [])];
  if (names.length === 0) throw new ItemValidationError("Invalid UpdateExpression: the expression sets nothing");
  if (new Set(names).size < names.length)
    throw new ItemValidationError("Invalid UpdateExpression: Two document paths overlap with each other");
  if (names.includes("pk") || names.includes("sk"))
    throw new ItemValidationError("Cannot update attribute: this attribute is part of the key");
}

function checkKey(pk: unknown, sk: unknown): void {
  if (typeof pk !== "string" || pk === "" || typeof sk !== "string" || sk === "")
    throw new ItemValidationError(
      "One or more parameter values are not valid: a key attribute is empty or not a string",
    );
  // DynamoDB's key limits: 2,048 bytes a partition key, 1,024 a sort key.
  if (Buffer.byteLength(pk) > 2048 || Buffer.byteLength(sk) > 1024)
    throw new ItemValidationError("One or more parameter values are not valid: a key attribute is too long");
}

/** The item, once DynamoDB would store it as written (the adapter's marshalling, its size limit). */
function checkedItem(item: Item): Item {
  checkKey(item.pk, item.sk);
  const bytes = itemBytes(marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>);
  if (bytes > MAX_ITEM_BYTES) throw new ItemValidationError("Item size has exceeded the maximum allowed size");
  return item;
}

/** A marshalled attribute value, as DynamoDB's wire format has it. */
interface AttributeValue {
  S?: string;
  N?: string;
  B?: Uint8Array;
  BOOL?: boolean;
  NULL?: boolean;
  SS?: string[];
  NS?: string[];
  BS?: Uint8Array[];
  L?: AttributeValue[];
  M?: Record<string, AttributeValue>;
}

/** An item's size as DynamoDB counts it: attribute names plus values (its "item size" rules). */
export function itemBytes(attributes: Record<string, AttributeValue>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(attributes)) bytes += Buffer.byteLength(name) + valueBytes(value);
  return bytes;
}

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + numberBytes(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueBytes(v), 0);
  if (value.M !== undefined) return 3 + Object.values(value.M).length + itemBytes(value.M);
  return 0;
}

/** About one byte per two significant digits, plus one (DynamoDB's number size). */
function numberBytes(text: string): number {
  const number = Number(text);
  if (!Number.isFinite(number))
    throw new ItemValidationError(`The parameter cannot be converted to a numeric value: ${text}`);
  const digits = text.replace(/^-/, "").replace(/e.*$/i, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}
