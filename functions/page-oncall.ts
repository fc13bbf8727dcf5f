import { decidePageOncall } from "../core/decisions/page-oncall.js";
import { pageOncallInput } from "../core/decisions/page-oncall-input.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** `error-rate-high`: page on-call with diagnostics on ALARM, again while it lasts, resolve the page on OK. */
export const handler = alarmReaction("page-oncall", async (trigger, runtime) =>
  decidePageOncall(await pageOncallInput(trigger, runtime)),
);
