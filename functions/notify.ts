import { episodeForTrigger } from "../core/episodes/notifications.js";
import { decideNotify } from "../core/notifications/notify.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** `cpu-critical` / `memory-critical`: alert the team (Slack, alerts topic). */
export const handler = alarmReaction("notify", async (trigger, { stage, config, store, now }) =>
  decideNotify({ trigger, stage, config, episode: await episodeForTrigger(store, config, trigger), now: now() }),
);
