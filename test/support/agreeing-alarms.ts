/**
 * An alarm reader for handler tests about what a reaction does once its event is current: each invocation run
 * through `deliver` finds its alarm as its own event says (the local world's `agreeWithEvent`, per delivery,
 * so concurrent deliveries of two transitions each read the state they were sent in). Freshness itself is
 * tested with readers that disagree.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AlarmStateReader } from "../../core/scaling/service-state.js";
import { AlarmStateChangeEventSchema } from "../../events/index.js";

export function agreeingAlarms() {
  const delivering = new AsyncLocalStorage<unknown>();
  const reader: AlarmStateReader = {
    read: async (name) => {
      const parsed = AlarmStateChangeEventSchema.safeParse(delivering.getStore());
      if (!parsed.success || parsed.data.detail.alarmName !== name) return undefined;
      return parsed.data.detail.state;
    },
  };
  const deliver = <T>(event: unknown, handle: (event: unknown) => Promise<T>): Promise<T> =>
    delivering.run(event, () => handle(event));
  return { reader, deliver };
}
