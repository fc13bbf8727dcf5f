/**
 * One history's view of the shared state table: every key under the history's own prefix (one dynalite
 * table serves every history of a run), and the keys it wrote remembered for the final checks.
 */
import type { Item, ItemStore } from "../../../core/kernel/ports.js";

export interface HistoryStore extends ItemStore {
  /** Every (pk, sk) written, unprefixed. */
  written(): { pk: string; sk: string }[];
}

export function prefixedStore(store: ItemStore, prefix: string): HistoryStore {
  const keys = new Map<string, { pk: string; sk: string }>();
  const strip = (item: Item): Item => ({ ...item, pk: item.pk.slice(prefix.length) });
  return {
    get: async (pk, sk) => {
      const item = await store.get(prefix + pk, sk);
      return item && strip(item);
    },
    put: async (item, condition) => {
      const written = await store.put({ ...item, pk: prefix + item.pk }, condition);
      if (written) keys.set(`${item.pk}\u0000${item.sk}`, { pk: item.pk, sk: item.sk });
      return written;
    },
    update: async (update, condition) => {
      const written = await store.update({ ...update, pk: prefix + update.pk }, condition);
      if (written) keys.set(`${update.pk}\u0000${update.sk}`, { pk: update.pk, sk: update.sk });
      return written;
    },
    delete: (pk, sk) => store.delete(prefix + pk, sk),
    query: async (pk, fromSk) => (await store.query(prefix + pk, fromSk)).map(strip),
    written: () => [...keys.values()],
  };
}
