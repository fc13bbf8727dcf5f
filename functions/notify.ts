import { decideNotify } from "../core/decisions/notify.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** `cpu-critical` / `memory-critical`: alert the team through the alerts topic. */
export const handler = alarmReaction("notify", (trigger, { stage, config }) =>
  decideNotify({ trigger, stage, config }),
);
