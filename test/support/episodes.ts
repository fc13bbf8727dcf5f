/** Episode notification state for decision tests: what a handler would read before deciding. */
import { memoryItemStore } from "../../core/adapters/local/memory-items.js";
import { triggerFromEvent } from "../../core/alarms/event.js";
import type { StageConfig } from "../../core/config/index.js";
import { type EpisodeNotifications, episodeForTrigger } from "../../core/episodes/notifications.js";
import type { Item } from "../../core/kernel/ports.js";
import type { AlarmStateChangeEvent } from "../../events/index.js";

/** The episode of `event` given the state table's `items` (none: nothing notified yet). */
export function episodeOf(
  event: AlarmStateChangeEvent,
  config: StageConfig,
  items: Item[] = [],
): Promise<EpisodeNotifications> {
  return episodeForTrigger(memoryItemStore(items), config, triggerFromEvent(event));
}
