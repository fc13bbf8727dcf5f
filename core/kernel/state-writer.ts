/** `dynamodb.PutItem` and `dynamodb.UpdateItem`: the plan's bookkeeping writes, into whichever ItemStore the runtime has. */
import type { Executor, ItemStore } from "./ports.js";

export function stateWriter(store: ItemStore): Executor<"dynamodb.PutItem"> {
  return async (effect) => {
    await store.put(effect.item);
    return { pk: effect.item.pk };
  };
}

export function stateUpdater(store: ItemStore): Executor<"dynamodb.UpdateItem"> {
  return async ({ type: _type, condition, ...update }) => {
    const written = await store.update(update, condition);
    return { pk: update.pk, written };
  };
}
