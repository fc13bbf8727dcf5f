import { episodeForTrigger } from "../core/episodes/notifications.js";
import { decideNotify } from "../core/notifications/notify.js";
import { reaction } from "./lib/reaction.js";
import { commonRuntime } from "./lib/runtimes.js";
import { alarm } from "./lib/sources/alarm.js";

/** `cpu-critical` / `memory-critical`: alert the team (Slack, alerts topic). */
export const handler = reaction("notify", {
  runtime: commonRuntime,
  sources: [
    alarm(async (trigger, { stage, config, store, now }) =>
      decideNotify({ trigger, stage, config, episode: await episodeForTrigger(store, config, trigger), now: now() }),
    ),
  ],
});
