import { decideNotify } from "../core/decisions/notify.js";
import { episodeForTransition } from "../core/notifications/episode.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** `cpu-critical` / `memory-critical`: alert the team (Slack, alerts topic). */
export const handler = alarmReaction("notify", async (event, { stage, config, store }) =>
  decideNotify({ event, stage, config, episode: await episodeForTransition(store, config, event) }),
);
