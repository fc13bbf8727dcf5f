/**
 * The state table of a run: every write goes to the real adapter on dynalite (marshalling, item size and the
 * conditional write are DynamoDB's), and once it succeeds to a mirror in memory that answers the reads. A
 * read is then a map lookup instead of a signed HTTP request: the reconciler reads the open episodes every
 * five simulated minutes, 8,640 times a month, and those reads were most of a long run's time.
 */
import { updatedItem } from "../core/adapters/local/memory-items.js";
import type { Item, ItemStore } from "../core/kernel/ports.js";

export function mirroredItemStore(table: ItemStore): ItemStore {
  const partitions = new Map<string, Map<string, Item>>();
  const partition = (pk: string) => {
    let items = partitions.get(pk);
    if (!items) {
      items = new Map();
      partitions.set(pk, items);
    }
    return items;
  };
  return {
    async get(pk, sk) {
      const item = partitions.get(pk)?.get(sk);
      return item && structuredClone(item);
    },
    async put(item, condition) {
      const written = await table.put(item, condition);
      if (written) partition(item.pk).set(item.sk, structuredClone(item));
      return written;
    },
    async update(update, condition) {
      const written = await table.update(update, condition);
      if (written) {
        const items = partition(update.pk);
        items.set(update.sk, updatedItem(items.get(update.sk), structuredClone(update)));
      }
      return written;
    },
    async delete(pk, sk) {
      await table.delete(pk, sk);
      partitions.get(pk)?.delete(sk);
    },
    async query(pk, fromSk) {
      const items = partitions.get(pk);
      if (!items) return [];
      return [...items.values()]
        .filter((item) => fromSk === undefined || item.sk >= fromSk)
        .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0))
        .map((item) => structuredClone(item));
    },
  };
}
