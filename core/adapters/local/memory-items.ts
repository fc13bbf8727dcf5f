/**
 * The state table in memory, with the same conditional-write semantics as the DynamoDB adapter.
 * For unit tests and the local world; integration tests use dynalite with the real adapter.
 */
import type { AttributeUpdate, Condition, Item, ItemStore } from "../../kernel/ports.js";

export function memoryItemStore(initial: Item[] = []): ItemStore & { items(): Item[] } {
  const table = new Map<string, Item>();
  const id = (pk: string, sk: string) => `${pk}\u0000${sk}`;
  for (const item of initial) table.set(id(item.pk, item.sk), structuredClone(item));
  return {
    async get(pk, sk) {
      const item = table.get(id(pk, sk));
      return item && structuredClone(item);
    },
    async put(item, condition) {
      if (!holds(table.get(id(item.pk, item.sk)), condition)) return false;
      table.set(id(item.pk, item.sk), structuredClone(item));
      return true;
    },
    async update(update, condition) {
      const existing = table.get(id(update.pk, update.sk));
      if (!holds(existing, condition)) return false;
      table.set(id(update.pk, update.sk), updatedItem(existing, structuredClone(update)));
      return true;
    },
    async delete(pk, sk) {
      table.delete(id(pk, sk));
    },
    async query(pk, fromSk) {
      return [...table.values()]
        .filter((item) => item.pk === pk && (fromSk === undefined || item.sk >= fromSk))
        .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
        .map((item) => structuredClone(item));
    },
    items: () => [...table.values()].map((item) => structuredClone(item)),
  };
}

/**
 * The item as DynamoDB's UpdateItem leaves it: the named attributes set, the others kept, the item created
 * when absent. Shared with the simulator's mirror of the table.
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

function holds(existing: Item | undefined, condition: Condition | undefined): boolean {
  switch (condition?.kind) {
    case undefined:
      return true;
    case "absent":
      return existing === undefined;
    case "absentOrBelow":
      return existing === undefined || (existing[condition.attribute] as number) < condition.value;
    case "equals":
      return existing !== undefined && existing[condition.attribute] === condition.value;
    case "missing":
      return existing?.[condition.attribute] === undefined;
  }
}
