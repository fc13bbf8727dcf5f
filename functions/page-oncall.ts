import { decidePageOncall } from "../core/paging/decide.js";
import { pageOncallInput } from "../core/paging/input.js";
import { alarmReaction } from "./lib/alarm-reaction.js";

/** `error-rate-high`, `lb-error-rate-high`: page with diagnostics on ALARM, again while it lasts, resolve on OK. */
export const handler = alarmReaction("page-oncall", async (trigger, runtime) =>
  decidePageOncall(await pageOncallInput(trigger, runtime)),
);
